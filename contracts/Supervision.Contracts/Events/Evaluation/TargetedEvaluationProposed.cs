namespace Supervision.Contracts.Events.Evaluation;

/// <summary>
/// A unit had many complaints: evaluation proposes a targeted evaluation (定向评议) of it. Counts only, no reporter and no report.
/// </summary>
public sealed record TargetedEvaluationProposed
{
    public required Guid ProposalId { get; init; }
    public required string UnitId { get; init; }
    /// <summary>Complaints about the unit routing opened cases for, received in the last <see cref="WindowMonths"/> months.</summary>
    public required int Complaints { get; init; }
    /// <summary>The city's median over the units with a complaint in the same window.</summary>
    public required double CityMedian { get; init; }
    public required int WindowMonths { get; init; }
    public required DateTimeOffset ProposedAt { get; init; }
}
