namespace Supervision.Contracts.Events.Routing;

/// <summary>The case is closed: feedback accepted, delivered to the leadership team, or a dispute explained.</summary>
public sealed record CaseClosed
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
