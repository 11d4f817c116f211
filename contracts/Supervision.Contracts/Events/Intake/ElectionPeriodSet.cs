namespace Supervision.Contracts.Events.Intake;

/// <summary>An election period was set for a division and the divisions below it: reports about them run on the election clock.</summary>
public sealed record ElectionPeriodSet
{
    public required Guid ElectionPeriodId { get; init; }
    public required string DivisionCode { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
}
