namespace Supervision.Contracts.Events.Routing;

/// <summary>A deadline passed: acknowledgement, start of investigation, or closing.</summary>
public sealed record CaseOverdue
{
    public required Guid CaseId { get; init; }
    public required string UnitId { get; init; }
    public required string Deadline { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset At { get; init; }
}
