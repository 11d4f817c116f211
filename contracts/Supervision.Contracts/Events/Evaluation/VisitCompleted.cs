namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A visit (secret or announced) by panel members is done: its units and the mean score each got; never who visited.</summary>
public sealed record VisitCompleted
{
    public required Guid PlanId { get; init; }
    public required bool Secret { get; init; }
    public required IReadOnlyList<VisitedUnitScore> Units { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
