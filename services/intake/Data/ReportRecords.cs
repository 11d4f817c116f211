using System.Text.Json;
using Supervision.Contracts.Events.Intake;
using Supervision.Intake.V1;

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

/// <summary>A timeline entry as stored: its wording's key and arguments (JSON), or, written before those, its words.</summary>
public sealed record TimelineRecord(DateTime At, string Kind, string Description, string? WordingKey, string? WordingArgs);

/// <summary>What a reporter sees of a report's progress, read from one snapshot.</summary>
public sealed record ReportProgress(short State, IReadOnlyList<TimelineRecord> Timeline, int UnreadMessages);

public sealed record MessageRecord(Guid Id, DateTime At, bool FromReporter, string AuthorRole, string Body);

/// <summary>An audited step of revealing an identity (<see cref="Action"/>: requested, approved, denied, revealed).</summary>
public sealed record RevealRecord(Guid Id, Guid ReportId, string RevealedBy, string Role, string CallerDivisionCode, string Reason, DateTime At,
    string Action, Guid? RequestId);

/// <summary>The audit row a reveal step writes: who, in which role and jurisdiction, why, when.</summary>
public sealed record RevealAudit(string Action, string Actor, string Role, string CallerDivisionCode, string Reason, DateTimeOffset At);

/// <summary>A request to reveal a report's identity as stored, with the report's receiving division.</summary>
public sealed record RevealRequestRecord
{
    public Guid Id { get; init; }
    public Guid ReportId { get; init; }
    public short State { get; init; }
    public string RequestedBy { get; init; } = "";
    public string RequesterRole { get; init; } = "";
    public string RequesterDivisionCode { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTime RequestedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string DecisionReason { get; init; } = "";
    public DateTime? DecidedAt { get; init; }
    public DateTime? RevealedAt { get; init; }
    public string ReceivingDivisionCode { get; init; } = "";
}

/// <summary>Which requests a list shows: a stored state, and for approvals, when they were decided.</summary>
public sealed record RevealRequestFilter(short? State, DateTime? DecidedFrom, DateTime? DecidedBefore);

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

/// <summary>
/// A timeline entry to store: the key of its words and their arguments (JSON), worded when read; the words in
/// the default language too, for readers that know only those.
/// </summary>
public sealed record PublicStep(string Kind, string Description, string WordingKey, string WordingArgs);

/// <summary>
/// How a step moves the reports it names: forward to <see cref="To"/> and never back, or, when
/// <see cref="From"/> is given, to <see cref="To"/> from those states only.
/// </summary>
public sealed record ReportStateChange(ReportState To, IReadOnlyList<ReportState>? From = null);

/// <summary>A public step of a case: its timeline entry and, when it moves the reports on, how.</summary>
public sealed record CaseProgress(PublicStep Step, DateTimeOffset At, ReportStateChange? State = null);

/// <summary>A validated report ready to be stored; identity and receipt are already sealed.</summary>
public sealed record NewReport
{
    public required Guid Id { get; init; }
    public required byte[] ReceiptHash { get; init; }
    public required short Channel { get; init; }
    public required short Category { get; init; }
    public required bool RealName { get; init; }
    public required bool ElectionRelated { get; init; }
    public required string ReceivingDivisionCode { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public required string OccurredPlace { get; init; }
    public required string Account { get; init; }
    public required string Subjects { get; init; }
    public required short PreferredFeedbackChannel { get; init; }
    public byte[]? IdentitySealed { get; init; }
    public string? SubmittedBy { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public byte[]? IdempotencyKeyHash { get; init; }
    public byte[]? RequestHash { get; init; }
    public byte[]? ReceiptSealed { get; init; }
    public Guid? TourId { get; init; }
}

/// <summary>The subjects of a report as stored: the event contract's shape, as JSON.</summary>
public static class StoredSubjects
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson(IReadOnlyList<ReportSubject> subjects) => JsonSerializer.Serialize(subjects, Json);

    public static IReadOnlyList<ReportSubject> FromJson(string json) => JsonSerializer.Deserialize<List<ReportSubject>>(json, Json) ?? [];
}
