namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour's team was formed with no member in conflict with its target.</summary>
public sealed record TeamFormed
{
    public required Guid TourId { get; init; }
    public required string LeaderId { get; init; }
    public required IReadOnlyList<string> MemberIds { get; init; }
    public required DateTimeOffset At { get; init; }
}
