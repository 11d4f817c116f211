namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour recommended adjusting a leadership team, reminding or moving a cadre, or another measure (proposed).</summary>
public sealed record RecommendationMade
{
    public required Guid RecommendationId { get; init; }
    public required Guid TourId { get; init; }
    public required string Kind { get; init; }
    public string? UnitId { get; init; }
    public string? CadreId { get; init; }
    public required DateTimeOffset At { get; init; }
}
