using System.Text.Json;

namespace Supervision.Inspection.Domain;

/// <summary>
/// The inspection rules as data (<c>data/inspection/rules.json</c>): recusal, tour length, candidate ranking. Checked at
/// startup; the words shown to people are built from the same numbers.
/// </summary>
public sealed record InspectionRules
{
    public required RecusalRuleSet Recusal { get; init; }
    public required TourRules Tours { get; init; }
    public required CandidateRules Candidates { get; init; }
    public required FindingRules Findings { get; init; }
    public required RectificationRules Rectification { get; init; }

    /// <summary>The civil service law's list of relatives that require recusal (公务员法 第七十四条).</summary>
    public static readonly IReadOnlyList<string> LawRelativeKinds = ["spouse", "lineal", "collateral-within-three-generations", "close-in-law"];

    public static InspectionRules Load(string path)
    {
        var rules = JsonSerializer.Deserialize<InspectionRules>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                    ?? throw new InvalidOperationException($"{path} holds no inspection rules.");
        var problems = rules.Problems();
        return problems.Count == 0
            ? rules
            : throw new InvalidOperationException($"{path}: " + string.Join("; ", problems));
    }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Recusal.WorkedWithinYears is < 1 or > 30) problems.Add("recusal.workedWithinYears must be 1-30");
        if (Recusal.RelativeKinds.Count == 0 || Recusal.RelativeKinds.Except(LawRelativeKinds).Any())
        {
            problems.Add("recusal.relativeKinds must be kinds of the civil service law's list: " + string.Join(", ", LawRelativeKinds));
        }
        if (Recusal.HomeDivisionTargetKinds.Except(TargetKinds.All).Any()) problems.Add("recusal.homeDivisionTargetKinds must be target kinds");
        if (Tours.DefaultLengthDays < 1 || Tours.DefaultLengthDays > Tours.MaxLengthDays) problems.Add("tours.defaultLengthDays must be 1..maxLengthDays");
        if (Candidates.WindowMonths is < 1 or > 60) problems.Add("candidates.windowMonths must be 1-60");
        if (Candidates.ElectionWithinMonths is < 0 or > 60) problems.Add("candidates.electionWithinMonths must be 0-60");
        if (Findings.Categories.Count == 0) problems.Add("findings.categories must name at least one category");
        if (Rectification.TimeZoneOffsetHours is < -12 or > 14) problems.Add("rectification.timeZoneOffsetHours must be -12..14");
        return problems;
    }
}

public sealed record FindingRules
{
    public required IReadOnlyList<string> Categories { get; init; }
}

public sealed record RectificationRules
{
    /// <summary>The city's offset from UTC: a deadline day ends at midnight there, and its overdue timer fires then.</summary>
    public required int TimeZoneOffsetHours { get; init; }

    public DateTimeOffset EndOf(DateOnly deadline) =>
        new DateTimeOffset(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(TimeZoneOffsetHours)).ToUniversalTime();
}

public sealed record RecusalRuleSet
{
    /// <summary>An inspector who worked at the target within this many years may not tour it.</summary>
    public required int WorkedWithinYears { get; init; }
    public required IReadOnlyList<string> RelativeKinds { get; init; }
    /// <summary>Target kinds for which an inspector whose home division is (or lies within) the target's division is recused.</summary>
    public required IReadOnlyList<string> HomeDivisionTargetKinds { get; init; }
    /// <summary>Whether the subject of an open report or case is recused.</summary>
    public required bool OpenCaseSubject { get; init; }
}

public sealed record TourRules
{
    public required int DefaultLengthDays { get; init; }
    public required int MaxLengthDays { get; init; }
}

public sealed record CandidateRules
{
    public required int WindowMonths { get; init; }
    public required int ElectionWithinMonths { get; init; }
    public required CandidateWeights Weights { get; init; }
}

public sealed record CandidateWeights
{
    public required double Report { get; init; }
    public required double Substantiated { get; init; }
    public required double Late { get; init; }
    public required double ElectionDue { get; init; }
}
