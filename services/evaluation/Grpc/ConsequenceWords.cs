using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>
/// What an applied consequence means, in the caller's language and built from the rule's own numbers: for a cadre, the
/// merit citation or the city-wide warning bulletin naming the cadre, the post and the unit (directory data, public).
/// </summary>
public static class ConsequenceWords
{
    public static string Text(ConsequenceRecord consequence, int ranked, ScoringSheet sheet, ScoringRules rules, CityDirectory directory)
    {
        var key = "consequence." + consequence.Consequence;
        if (!EvaluationTexts.Words.Has(key))
        {
            return "";
        }
        var score = consequence.Score.ToString("0.##");
        if (sheet.ScoresCadres)
        {
            var cadre = directory.FindCadre(consequence.UnitId);
            return EvaluationTexts.Words[key, cadre?.Name ?? consequence.UnitId, UnitName(directory, cadre?.UnitId ?? ""),
                cadre is null ? "" : RequestLanguage.Name(cadre.Post, cadre.PostEn), consequence.UnitRank, ranked, score];
        }
        var rule = rules.Consequences.FirstOrDefault(r => r.Id == consequence.Consequence);
        return EvaluationTexts.Words[key, UnitName(directory, consequence.UnitId), consequence.UnitRank, ranked, score,
            rule?.DeadlineDays ?? 0, rule?.Threshold ?? 0];
    }

    public static string UnitName(CityDirectory directory, string unitId) =>
        directory.FindUnit(unitId) is { } unit ? RequestLanguage.Name(unit.Name, unit.NameEn) : unitId;
}
