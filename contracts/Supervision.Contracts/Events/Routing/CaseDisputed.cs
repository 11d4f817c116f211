namespace Supervision.Contracts.Events.Routing;

/// <summary>A reporter disputed the result: the lead unit investigates again or explains.</summary>
public sealed record CaseDisputed
{
    public required Guid CaseId { get; init; }
    public required Guid ReportId { get; init; }
    public required DateTimeOffset At { get; init; }
}
