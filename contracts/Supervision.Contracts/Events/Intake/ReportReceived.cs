namespace Supervision.Contracts.Events.Intake;

/// <summary>A report was committed by intake. Ids and non-identifying facts only: never the reporter.</summary>
public sealed record ReportReceived
{
    public required Guid ReportId { get; init; }
    public required string TrackingNumber { get; init; }
    public required ReportChannel Channel { get; init; }
    public required ReportCategory Category { get; init; }
    public required string ReceivingDivisionCode { get; init; }
    public required bool RealName { get; init; }
    public required bool ElectionRelated { get; init; }
    public required bool ElectionPeriod { get; init; }
    public required IReadOnlyList<ReportSubject> Subjects { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>The inspection tour whose team received the report (channel InspectionTeam); null otherwise.</summary>
    public Guid? TourId { get; init; }
}
