namespace Supervision.Contracts.Events.Routing;

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
