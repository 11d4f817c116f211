namespace Supervision.Contracts.Events.Routing;

/// <summary>An overdue case was escalated to the next level up.</summary>
public sealed record CaseEscalated
{
    public required Guid CaseId { get; init; }
    public required string FromUnitId { get; init; }
    public required string ToUnitId { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
