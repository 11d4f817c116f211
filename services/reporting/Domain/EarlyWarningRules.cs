using System.Text.Json;

namespace Supervision.Reporting.Domain;

/// <summary>
/// One early-warning rule (data/reporting/early-warning-rules.json): at least <see cref="Reports"/> reports in one period of
/// <see cref="Months"/> months, or a finding, case outcome or ranking consequence among <see cref="Matches"/>.
/// </summary>
public sealed record EarlyWarningRule(string Id, string Kind, int Reports, int Months, IReadOnlyList<string> Matches)
{
    public const string ReportsKind = "reports";
    public const string FindingKind = "finding";
    public const string CaseOutcomeKind = "case-outcome";
    public const string CadreConsequenceKind = "cadre-consequence";

    public static readonly IReadOnlyList<string> Kinds = [ReportsKind, FindingKind, CaseOutcomeKind, CadreConsequenceKind];

    /// <summary>The period of <see cref="Months"/> months (counted from January) that holds the local date, as its first and next month.</summary>
    public (DateOnly Start, DateOnly End) Period(DateOnly localDate)
    {
        var start = new DateOnly(localDate.Year, (localDate.Month - 1) / Months * Months + 1, 1);
        return (start, start.AddMonths(Months));
    }
}

/// <summary>The early-warning rules, read and checked at start: a file that contradicts itself stops the service.</summary>
public static class EarlyWarningRules
{
    public const string FileName = "early-warning-rules.json";

    public static IReadOnlyList<EarlyWarningRule> Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var file = JsonSerializer.Deserialize<RulesFile>(File.ReadAllText(path), EventProjections.Json)
                   ?? throw new InvalidOperationException($"{path} is empty.");
        var rules = (file.Rules ?? []).Select(r => new EarlyWarningRule(r.Id ?? "", r.Kind ?? "", r.Reports, r.Months, r.Matches ?? [])).ToList();
        var problems = rules.SelectMany(Problems).ToList();
        if (rules.DistinctBy(r => r.Id).Count() != rules.Count)
        {
            problems.Add("rule ids must be distinct");
        }
        return problems.Count == 0 ? rules : throw new InvalidOperationException($"{path}: {string.Join("; ", problems)}.");
    }

    public static IEnumerable<string> Problems(EarlyWarningRule rule)
    {
        if (rule.Id.Length is 0 or > 64 || !rule.Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return $"rule '{rule.Id}': the id must be 1-64 characters of a-z, 0-9 and '-'";
        }
        if (!EarlyWarningRule.Kinds.Contains(rule.Kind))
        {
            yield return $"rule '{rule.Id}': kind must be one of {string.Join(", ", EarlyWarningRule.Kinds)}";
        }
        else if (rule.Kind == EarlyWarningRule.ReportsKind && (rule.Reports < 2 || rule.Months is < 1 or > 12 || 12 % rule.Months != 0))
        {
            yield return $"rule '{rule.Id}': reports must be at least 2 and months a divisor of 12";
        }
        else if (rule.Kind != EarlyWarningRule.ReportsKind && (rule.Matches.Count == 0 || rule.Matches.Any(string.IsNullOrWhiteSpace)))
        {
            yield return $"rule '{rule.Id}': matches must list at least one value";
        }
    }

    private sealed record RulesFile(List<RuleFile>? Rules);

    private sealed record RuleFile(string? Id, string? Kind, int Reports, int Months, List<string>? Matches);
}
