namespace Supervision.Contracts.Events.Reporting;

/// <summary>The objection window of a publicity ended; the appointment stays held while OpenReports is above zero.</summary>
public sealed record PublicityWindowClosed
{
    public required Guid PublicityId { get; init; }
    public required string CadreId { get; init; }
    public required int OpenReports { get; init; }
    public required DateTimeOffset At { get; init; }
}
