namespace Supervision.Contracts.Events.Routing;

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
