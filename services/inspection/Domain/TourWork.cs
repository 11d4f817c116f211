namespace Supervision.Inspection.Domain;

public static class Severities
{
    public static readonly IReadOnlyList<string> All = ["minor", "serious", "grave"];
}

public sealed record FindingRecord(Guid Id, Guid TourId, string Category, string Description, string Evidence, string Severity,
    IReadOnlyList<string> CadreIds, IReadOnlyList<string> UnitIds, string RecordedBy);

/// <summary>The tour report: draft, submitted, then reviewed or returned (and drafted again); a reviewed report is fed back.</summary>
public static class ReportStates
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Reviewed = "reviewed";
    public const string Returned = "returned";
    public const string FedBack = "fed-back";
}

public sealed record TourReportRecord(Guid TourId, string State, string Summary, string Recommendations, string? DecidedBy, string? DecisionNote);

/// <summary>Rectification items: open → in-progress → submitted-for-verification → verified, or rejected back to in-progress.</summary>
public static class RectificationStates
{
    public const string Open = "open";
    public const string InProgress = "in-progress";
    public const string Submitted = "submitted-for-verification";
    public const string Verified = "verified";

    /// <summary>The moves the target unit's contact may make.</summary>
    public static bool UnitMayMove(string from, string to) => (from, to) switch
    {
        (Open, InProgress) => true,
        (InProgress, Submitted) => true,
        _ => false,
    };
}

public sealed record RectificationItemDraft(Guid FindingId, string ResponsibleUnitId, string ResponsiblePerson, string Measures, DateOnly Deadline);

public sealed record RectificationItemRecord(Guid Id, Guid TourId, Guid FindingId, string ResponsibleUnitId, string ResponsiblePerson, string Measures,
    DateOnly Deadline, string State, string Evidence, bool Overdue);

public sealed record ProgressRecord(int Total, int Open, int InProgress, int Submitted, int Verified, int Overdue);
