namespace Supervision.Contracts.Events.Routing;

/// <summary>The handling unit was notified through its duty roster.</summary>
public sealed record CaseNotified
{
    public required Guid CaseId { get; init; }
    public required string UnitId { get; init; }
    public string? DutyOfficer { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset At { get; init; }
}
