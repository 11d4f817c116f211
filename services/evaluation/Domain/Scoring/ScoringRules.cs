using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supervision.Evaluation.Domain.Scoring;

/// <summary>
/// Scoring as data (data/evaluation/scoring.json): the sheets (criteria, weights, scale, which unit kinds they rank), the
/// trimmed share and the minimum scores a unit needs to rank, and the consequences a closed ranking has. Checked at startup.
/// </summary>
public sealed record ScoringRules
{
    public required double TrimmedShare { get; init; }
    public required int MinimumScoresPerUnit { get; init; }
    public required IReadOnlyList<ScoringSheet> Sheets { get; init; }
    public required IReadOnlyList<ConsequenceRule> Consequences { get; init; }
    /// <summary>Which sessions of a year feed each group's annual assessment, and with what weight.</summary>
    public IReadOnlyList<AnnualGroup> AnnualAssessment { get; init; } = [];

    /// <summary>The consequence rules for a sheet's subjects: unit rules for unit sheets, cadre rules for cadre sheets.</summary>
    public IEnumerable<ConsequenceRule> ConsequencesFor(ScoringSheet sheet) => Consequences.Where(c => c.Subjects == sheet.Subjects);

    private static string SubjectsOf(object item) => item switch { ScoringSheet sheet => sheet.Subjects, ConsequenceRule rule => rule.Subjects, _ => "" };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public ScoringSheet? FindSheet(string id) => Sheets.FirstOrDefault(s => s.Id == id);

    public static ScoringRules Load(string path)
    {
        var rules = JsonSerializer.Deserialize<ScoringRules>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} holds no scoring rules.");
        var problems = rules.Problems();
        return problems.Count == 0 ? rules : throw new InvalidOperationException($"{path}: " + string.Join("; ", problems));
    }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (TrimmedShare is < 0 or >= 0.5) problems.Add("trimmedShare must lie in [0, 0.5)");
        if (MinimumScoresPerUnit < 1) problems.Add("minimumScoresPerUnit must be at least 1");
        foreach (var sheet in Sheets)
        {
            if (sheet.Criteria.Count == 0 || Math.Abs(sheet.Criteria.Sum(c => c.Weight) - 1) > 1e-9) problems.Add($"{sheet.Id}: criteria weights must add up to 1");
            if (sheet.Scale.Min >= sheet.Scale.Max) problems.Add($"{sheet.Id}: the scale must run from a lower to a higher score");
        }
        if (Sheets.Select(s => s.Id).Distinct().Count() != Sheets.Count) problems.Add("sheet ids must be distinct");
        problems.AddRange(Consequences.Where(c => c.Rule is not ("last" or "bottom" or "below" or "top")).Select(c => $"{c.Id}: unknown rule '{c.Rule}'"));
        problems.AddRange(Sheets.Concat<object>(Consequences).Select(SubjectsOf).Where(s => s is not (ScoringSubjects.Units or ScoringSubjects.MiddleLevelCadres))
            .Select(s => $"unknown subjects '{s}' (units or middle-level-cadres)"));
        problems.AddRange(Consequences.Where(c => c.Rule is "top" or "bottom" or "last" && c.Count < 1).Select(c => $"{c.Id}: count must be at least 1"));
        foreach (var group in AnnualAssessment)
        {
            if (group.Sources.Count == 0 || group.Sources.Any(s => s.Weight <= 0)) problems.Add($"annual {group.Group}: at least one source, every weight above 0");
            problems.AddRange(group.Sources.Where(s => FindSheet(s.Sheet) is not { Subjects: ScoringSubjects.Units })
                .Select(s => $"annual {group.Group}: {s.Sheet} is not a sheet that scores units"));
        }
        if (AnnualAssessment.Select(g => g.Group).Distinct().Count() != AnnualAssessment.Count) problems.Add("annual groups must be distinct");
        return problems;
    }
}

/// <summary>What a sheet or a consequence rule ranks: directory units, or middle-level cadres (中层干部) as one group.</summary>
public static class ScoringSubjects
{
    public const string Units = "units";
    public const string MiddleLevelCadres = "middle-level-cadres";
}

public sealed record ScoringSheet(string Id, string Group, IReadOnlyList<string> UnitKinds, ScoreScale Scale, IReadOnlyList<Criterion> Criteria,
    string Subjects = ScoringSubjects.Units)
{
    public bool ScoresCadres => Subjects == ScoringSubjects.MiddleLevelCadres;
}

public sealed record ScoreScale(double Min, double Max);

public sealed record Criterion(string Id, double Weight);

/// <summary>
/// "last": the last <see cref="Count"/> ranked; "bottom": the bottom <see cref="Count"/>; "top": the top <see cref="Count"/>;
/// "below": every one under <see cref="Threshold"/>. With <see cref="TiesShareBoundary"/>, whoever ties with the last one in
/// (same trimmed mean, median and number of scores: only the unit-id rule told them apart) is in too.
/// </summary>
public sealed record ConsequenceRule
{
    public required string Id { get; init; }
    public required string Rule { get; init; }
    public int Count { get; init; }
    public double Threshold { get; init; }
    /// <summary>Days to the deadline the consequence carries (rectification, a cause analysis), 0 for none.</summary>
    public int DeadlineDays { get; init; }
    public string Subjects { get; init; } = ScoringSubjects.Units;
    public bool TiesShareBoundary { get; init; }

    /// <summary>The units of <paramref name="ranking"/> (best first) this rule applies to.</summary>
    public IEnumerable<RankedUnit> AppliesTo(IReadOnlyList<RankedUnit> ranking) => Rule switch
    {
        "last" or "bottom" => WithTies(ranking.Reverse().ToList()).Reverse(),
        "top" => WithTies(ranking),
        "below" => ranking.Where(r => r.TrimmedMean < Threshold),
        _ => [],
    };

    private IEnumerable<RankedUnit> WithTies(IReadOnlyList<RankedUnit> ordered)
    {
        var taken = ordered.Take(Math.Min(Count, ordered.Count)).ToList();
        if (TiesShareBoundary && taken.Count > 0)
        {
            var boundary = taken[^1];
            taken.AddRange(ordered.Skip(taken.Count).TakeWhile(r =>
                r.TrimmedMean == boundary.TrimmedMean && r.Median == boundary.Median && r.Scores == boundary.Scores));
        }
        return taken;
    }
}

/// <summary>An annual assessment group: the sheets whose closed sessions of the year count, each with its weight.</summary>
public sealed record AnnualGroup(string Group, IReadOnlyList<AnnualSource> Sources);

public sealed record AnnualSource(string Sheet, double Weight);
