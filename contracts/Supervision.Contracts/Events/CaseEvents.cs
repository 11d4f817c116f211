namespace Supervision.Contracts.Events;

// Case lifecycle events of the routing service. Ids and public facts only: never a reporter's identity.

/// <summary>A case was opened for a report, or the report joined an open case about the same cadre and matter.</summary>
public sealed record CaseOpened
{
    public required Guid CaseId { get; init; }
    public required Guid ReportId { get; init; }
    public required bool AttachedToExistingCase { get; init; }
    public required bool ElectionClock { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A unit was given the case (lead or co-unit), with the routing decision in words.</summary>
public sealed record CaseAssigned
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string UnitId { get; init; }
    public required string UnitName { get; init; }
    public required bool Lead { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset? AcknowledgeBy { get; init; }
    public required DateTimeOffset CloseBy { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>The rules could not place the case: it waits in a dispatcher's queue.</summary>
public sealed record CaseAwaitingDispatch
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string DivisionCode { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>The handling unit was notified through its duty roster.</summary>
public sealed record CaseNotified
{
    public required Guid CaseId { get; init; }
    public required string UnitId { get; init; }
    public string? DutyOfficer { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A unit acknowledged the case (on the election clock: within 1 hour).</summary>
public sealed record CaseAcknowledged
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string UnitId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A deadline passed: acknowledgement, start of investigation, or closing.</summary>
public sealed record CaseOverdue
{
    public required Guid CaseId { get; init; }
    public required string UnitId { get; init; }
    public required string Deadline { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>An overdue case was escalated to the next level up.</summary>
public sealed record CaseEscalated
{
    public required Guid CaseId { get; init; }
    public required string FromUnitId { get; init; }
    public required string ToUnitId { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>The case moved to another unit (manual transfer by a dispatcher or the lead unit).</summary>
public sealed record CaseTransferred
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string FromUnitId { get; init; }
    public required string ToUnitId { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>The lead unit concluded the case; "whoever investigates, announces".</summary>
public sealed record CaseConcluded
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string UnitId { get; init; }
    public required string Outcome { get; init; }
    /// <summary>The public wording of the result, as the concluding unit announces it.</summary>
    public required string PublicSummary { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A handler asked the reporter a question; intake delivers it through the receipt channel.</summary>
public sealed record ReporterQuestionAsked
{
    public required Guid CaseId { get; init; }
    public required Guid ReportId { get; init; }
    public required Guid QuestionId { get; init; }
    public required string Question { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// The concluding unit gave feedback: real-name reporters get the result (by their receipt, and on
/// their preferred channel); for anonymous reports it went to the leadership team of the accused's unit.
/// </summary>
public sealed record FeedbackGiven
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> RealNameReportIds { get; init; }
    public required IReadOnlyList<Guid> AnonymousReportIds { get; init; }
    public string? LeadershipUnitId { get; init; }
    public required string Outcome { get; init; }
    public required string Result { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A reporter accepted or disputed the result, by receipt code in intake.</summary>
public sealed record ReporterRespondedToResult
{
    public required Guid ReportId { get; init; }
    public required bool Accepted { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A reporter disputed the result: the lead unit investigates again or explains.</summary>
public sealed record CaseDisputed
{
    public required Guid CaseId { get; init; }
    public required Guid ReportId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A disputed case goes to a supplementary investigation.</summary>
public sealed record CaseReopened
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>The case is closed: feedback accepted, delivered to the leadership team, or a dispute explained.</summary>
public sealed record CaseClosed
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
