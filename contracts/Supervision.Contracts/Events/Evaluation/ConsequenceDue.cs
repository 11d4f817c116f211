namespace Supervision.Contracts.Events.Evaluation;

/// <summary>The deadline of a consequence (rectification, cause analysis) arrived.</summary>
public sealed record ConsequenceDue
{
    public required Guid ConsequenceId { get; init; }
    public required string UnitId { get; init; }
    public required string Consequence { get; init; }
    public required DateTimeOffset DueAt { get; init; }
}
