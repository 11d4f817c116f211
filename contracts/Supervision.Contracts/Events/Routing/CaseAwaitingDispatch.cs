namespace Supervision.Contracts.Events.Routing;

/// <summary>The rules could not place the case: it waits in a dispatcher's queue.</summary>
public sealed record CaseAwaitingDispatch
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string DivisionCode { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
