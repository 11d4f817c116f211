namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour's pre-announcement was published on arrival: public words and the team's public contacts, for the reporting service.</summary>
public sealed record PreAnnouncementPublished
{
    public required Guid TourId { get; init; }
    public required string TargetKind { get; init; }
    public required string TargetId { get; init; }
    public required DateOnly StartsOn { get; init; }
    public required DateOnly EndsOn { get; init; }
    public required string Purpose { get; init; }
    public required string OfficeAddress { get; init; }
    public required string ContactPhone { get; init; }
    public required string Mailbox { get; init; }
    public required string Email { get; init; }
    public required string Hotline { get; init; }
    public required DateTimeOffset At { get; init; }
}
