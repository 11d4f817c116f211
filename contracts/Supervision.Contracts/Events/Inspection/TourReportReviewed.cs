namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour report was reviewed (or returned for revision), recorded with who decided.</summary>
public sealed record TourReportReviewed
{
    public required Guid TourId { get; init; }
    public required bool Returned { get; init; }
    public required string DecidedBy { get; init; }
    public required DateTimeOffset At { get; init; }
}
