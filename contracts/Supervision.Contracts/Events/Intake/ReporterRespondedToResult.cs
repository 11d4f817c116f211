namespace Supervision.Contracts.Events.Intake;

/// <summary>A reporter accepted or disputed the result, by receipt code in intake.</summary>
public sealed record ReporterRespondedToResult
{
    public required Guid ReportId { get; init; }
    public required bool Accepted { get; init; }
    public required DateTimeOffset At { get; init; }
}
