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
    public required WorkRecordRules WorkRecords { get; init; }
    public required AssessmentRules Assessments { get; init; }
    public required RecommendationRules Recommendations { get; init; }

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
        if (WorkRecords.Kinds.Count == 0) problems.Add("workRecords.kinds must name at least one kind");
        if (WorkRecords.CadreKinds.Concat(WorkRecords.IntervieweeKinds).Except(WorkRecords.Kinds).Any())
        {
            problems.Add("workRecords.cadreKinds and intervieweeKinds must be kinds of workRecords.kinds");
        }
        if (Assessments.Grades.Count == 0) problems.Add("assessments.grades must name at least one grade");
        if (Recommendations.Kinds.Count == 0 || Recommendations.Kinds.Any(k => !RecommendationKind.Subjects.Contains(k.Subject)))
        {
            problems.Add("recommendations.kinds must name kinds, each with a subject of: " + string.Join(", ", RecommendationKind.Subjects));
        }
        if (Recommendations.Kinds.All(k => k.Kind != Recommendations.AdjustsLeadershipTeam || k.Subject != RecommendationKind.UnitSubject))
        {
            problems.Add("recommendations.adjustsLeadershipTeam must name a kind whose subject is a unit");
        }
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

    /// <summary>The city's calendar day at <paramref name="at"/>.</summary>
    public DateOnly CityDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(TimeZoneOffsetHours)).DateTime);

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

public sealed record WorkRecordRules
{
    public required IReadOnlyList<string> Kinds { get; init; }
    /// <summary>Talks: at least one cadre took part.</summary>
    public required IReadOnlyList<string> CadreKinds { get; init; }
    /// <summary>The kinds that may keep a citizen interviewee's (sealed) identity.</summary>
    public required IReadOnlyList<string> IntervieweeKinds { get; init; }
}

public sealed record AssessmentRules
{
    /// <summary>The grade scale, best first (好, 较好, 一般, 差).</summary>
    public required IReadOnlyList<string> Grades { get; init; }
}

public sealed record RecommendationRules
{
    public required IReadOnlyList<RecommendationKind> Kinds { get; init; }
    /// <summary>The kind that, carried out, counts as a leadership team adjusted.</summary>
    public required string AdjustsLeadershipTeam { get; init; }

    public RecommendationKind? Find(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind);
}

/// <summary>A kind of recommendation and what it names: a unit (its leadership team), a cadre, or either.</summary>
public sealed record RecommendationKind
{
    public const string UnitSubject = "unit";
    public const string CadreSubject = "cadre";
    public const string AnySubject = "any";
    public static readonly IReadOnlyList<string> Subjects = [UnitSubject, CadreSubject, AnySubject];

    public required string Kind { get; init; }
    public required string Subject { get; init; }
}
