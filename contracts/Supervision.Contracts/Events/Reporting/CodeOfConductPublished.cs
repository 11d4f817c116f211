namespace Supervision.Contracts.Events.Reporting;

/// <summary>A unit published a new version of its code of conduct (日常行为规范), the public's yardstick for evaluating it.</summary>
public sealed record CodeOfConductPublished
{
    public required string UnitId { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset At { get; init; }
}
