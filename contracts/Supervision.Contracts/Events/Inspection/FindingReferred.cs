namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour referred a finding for investigation: intake made it a report (no citizen's identity; the team is the source).</summary>
public sealed record FindingReferred
{
    public required Guid FindingId { get; init; }
    public required Guid TourId { get; init; }
    public required Guid ReportId { get; init; }
    public required string ReferredBy { get; init; }
    public required DateTimeOffset At { get; init; }
}
