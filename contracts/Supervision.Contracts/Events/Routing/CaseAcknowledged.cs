namespace Supervision.Contracts.Events.Routing;

/// <summary>A unit acknowledged the case (on the election clock: within 1 hour).</summary>
public sealed record CaseAcknowledged
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string UnitId { get; init; }
    public required DateTimeOffset At { get; init; }
}
