namespace Supervision.Contracts.Events.Inspection;

/// <summary>A rectification item was opened at feedback or moved: open, in-progress, submitted-for-verification, verified.</summary>
public sealed record RectificationItemChanged
{
    public required Guid ItemId { get; init; }
    public required Guid TourId { get; init; }
    public required Guid FindingId { get; init; }
    public required string ResponsibleUnitId { get; init; }
    /// <summary>Empty when the item was just opened.</summary>
    public required string FromState { get; init; }
    public required string ToState { get; init; }
    public required DateOnly Deadline { get; init; }
    public required DateTimeOffset At { get; init; }
}
