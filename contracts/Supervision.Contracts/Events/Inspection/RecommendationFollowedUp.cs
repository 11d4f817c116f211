namespace Supervision.Contracts.Events.Inspection;

/// <summary>Plan staff recorded what became of a recommendation: adopted, carried-out or declined.</summary>
public sealed record RecommendationFollowedUp
{
    public required Guid RecommendationId { get; init; }
    public required Guid TourId { get; init; }
    public required string Kind { get; init; }
    public required string FromState { get; init; }
    public required string ToState { get; init; }
    public required string RecordedBy { get; init; }
    public required DateTimeOffset At { get; init; }
}
