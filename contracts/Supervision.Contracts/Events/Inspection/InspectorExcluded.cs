namespace Supervision.Contracts.Events.Inspection;

/// <summary>An inspector was kept off a tour by a recusal rule (worked-at-target, relative-at-target, home-division, open-case-subject).</summary>
public sealed record InspectorExcluded
{
    public required Guid TourId { get; init; }
    public required string InspectorId { get; init; }
    public required string Rule { get; init; }
    public required DateTimeOffset At { get; init; }
}
