namespace Supervision.Contracts.Events.Inspection;

/// <summary>Plan staff chose a tour's target for a plan (and round), with their reason; the tour is planned.</summary>
public sealed record TourTargetChosen
{
    public required Guid TourId { get; init; }
    public required Guid PlanId { get; init; }
    public required int Round { get; init; }
    /// <summary>division, department or unit.</summary>
    public required string TargetKind { get; init; }
    public required string TargetId { get; init; }
    public required string TargetDivisionCode { get; init; }
    public required DateOnly StartsOn { get; init; }
    public required DateOnly EndsOn { get; init; }
    public required DateTimeOffset At { get; init; }
}
