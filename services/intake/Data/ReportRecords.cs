namespace Supervision.Intake.Data;

/// <summary>A report as stored (identity stays sealed).</summary>
public sealed record ReportRecord
{
    public Guid Id { get; init; }
    public string TrackingNumber { get; init; } = "";
    public short Channel { get; init; }
    public short Category { get; init; }
    public short State { get; init; }
    public bool RealName { get; init; }
    public bool ElectionRelated { get; init; }
    public bool ElectionPeriod { get; init; }
    public string ReceivingDivisionCode { get; init; } = "";
    public DateTime? OccurredAt { get; init; }
    public string OccurredPlace { get; init; } = "";
    public string Account { get; init; } = "";
    public string Subjects { get; init; } = "[]";
    public short PreferredFeedbackChannel { get; init; }
    public DateTime ReceivedAt { get; init; }
    public byte[]? RequestHash { get; init; }
    public byte[]? ReceiptSealed { get; init; }
}

public sealed record TimelineRecord(DateTime At, string Kind, string Description);

/// <summary>What a reporter sees of a report's progress, read from one snapshot.</summary>
public sealed record ReportProgress(short State, IReadOnlyList<TimelineRecord> Timeline, int UnreadMessages);

public sealed record MessageRecord(Guid Id, DateTime At, bool FromReporter, string AuthorRole, string Body);

public sealed record RevealRecord(Guid Id, Guid ReportId, string RevealedBy, string Role, string CallerDivisionCode, string Reason, DateTime At);

public sealed record ElectionPeriodRecord(Guid Id, string DivisionCode, DateTime StartsAt, DateTime EndsAt, string Description);

/// <summary>Filters of the staff report list; <see cref="Divisions"/> is already limited to the caller's jurisdiction.</summary>
public sealed record ReportFilter(
    IReadOnlyList<string> Divisions,
    short? Channel,
    short? Category,
    DateTimeOffset? From,
    DateTimeOffset? To,
    bool? ElectionRelated,
    (DateTime ReceivedAt, Guid Id)? After,
    int Limit);
