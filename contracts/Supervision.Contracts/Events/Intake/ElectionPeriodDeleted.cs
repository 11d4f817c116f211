namespace Supervision.Contracts.Events.Intake;

/// <summary>An election period was deleted: it no longer puts reports on the election clock.</summary>
public sealed record ElectionPeriodDeleted
{
    public required Guid ElectionPeriodId { get; init; }
    public required string DivisionCode { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
}
