using Supervision.Reference;

namespace Supervision.Evaluation.Domain;

/// <summary>The eligibility rules of the panel (data), applied to an applicant; each broken rule is named by its id.</summary>
public sealed class Eligibility(PanelRules rules, CityDirectory directory)
{
    /// <summary>The rules <paramref name="applicant"/> breaks on <paramref name="today"/>; empty when eligible.</summary>
    public IReadOnlyList<string> RulesBrokenBy(Applicant applicant, DateOnly today)
    {
        var age = PanelComposition.AgeOn(applicant.BirthDate, today);
        return rules.Eligibility.Where(rule => rule.Rule switch
        {
            EligibilityRule.MinimumAge => age < rule.Years,
            EligibilityRule.MaximumAge => age > rule.Years,
            EligibilityRule.ResidentInCity => !directory.Covers(directory.CityCode, applicant.DivisionCode),
            EligibilityRule.NotServingCadreOfEvaluatedUnit => applicant.ServingCadreId is { } cadreId
                && directory.FindCadre(cadreId) is { } cadre
                && directory.FindUnit(cadre.UnitId) is { } unit
                && rule.EvaluatedUnitKinds.Contains(unit.Kind),
            _ => false,
        }).Select(rule => rule.Rule).ToList();
    }

    /// <summary>The words of a broken rule, with its number where it has one.</summary>
    public string Describe(string ruleId) =>
        Localization.EvaluationTexts.Words["eligibility." + ruleId, rules.Eligibility.FirstOrDefault(r => r.Rule == ruleId)?.Years ?? 0];
}
