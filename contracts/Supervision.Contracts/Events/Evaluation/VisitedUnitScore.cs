namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A visited unit's records and their mean score (0 to 100).</summary>
public sealed record VisitedUnitScore
{
    public required string UnitId { get; init; }
    public required int Records { get; init; }
    public required double MeanScore { get; init; }
}
