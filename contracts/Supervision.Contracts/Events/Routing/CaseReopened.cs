namespace Supervision.Contracts.Events.Routing;

/// <summary>A disputed case goes to a supplementary investigation.</summary>
public sealed record CaseReopened
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
