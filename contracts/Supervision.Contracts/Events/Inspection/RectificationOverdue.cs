namespace Supervision.Contracts.Events.Inspection;

/// <summary>A rectification item's deadline passed before the team verified it: escalated, once.</summary>
public sealed record RectificationOverdue
{
    public required Guid ItemId { get; init; }
    public required Guid TourId { get; init; }
    public required string ResponsibleUnitId { get; init; }
    public required string State { get; init; }
    public required DateOnly Deadline { get; init; }
    public required DateTimeOffset At { get; init; }
}
