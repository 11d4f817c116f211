namespace Supervision.Contracts.Events.Routing;

/// <summary>A case was opened for a report, or the report joined an open case about the same cadre and matter.</summary>
public sealed record CaseOpened
{
    public required Guid CaseId { get; init; }
    public required Guid ReportId { get; init; }
    public required bool AttachedToExistingCase { get; init; }
    public required bool ElectionClock { get; init; }
    public required DateTimeOffset At { get; init; }
}
