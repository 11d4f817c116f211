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
        problems.AddRange(Consequences.Where(c => c.Rule is not ("last" or "bottom" or "below")).Select(c => $"{c.Id}: unknown rule '{c.Rule}'"));
        return problems;
    }
}

public sealed record ScoringSheet(string Id, string Group, IReadOnlyList<string> UnitKinds, ScoreScale Scale, IReadOnlyList<Criterion> Criteria);

public sealed record ScoreScale(double Min, double Max);

public sealed record Criterion(string Id, double Weight);

/// <summary>"last": the last <see cref="Count"/> ranked; "bottom": the bottom <see cref="Count"/>; "below": every unit under <see cref="Threshold"/>.</summary>
public sealed record ConsequenceRule
{
    public required string Id { get; init; }
    public required string Rule { get; init; }
    public int Count { get; init; }
    public double Threshold { get; init; }
    /// <summary>Days to the deadline the consequence carries (rectification, a cause analysis), 0 for none.</summary>
    public int DeadlineDays { get; init; }

    /// <summary>The units of <paramref name="ranking"/> (best first) this rule applies to.</summary>
    public IEnumerable<RankedUnit> AppliesTo(IReadOnlyList<RankedUnit> ranking) => Rule switch
    {
        "last" or "bottom" => ranking.TakeLast(Math.Min(Count, ranking.Count)),
        "below" => ranking.Where(r => r.TrimmedMean < Threshold),
        _ => [],
    };
}
