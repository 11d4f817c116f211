namespace Supervision.Contracts.Events.Reporting;

/// <summary>A cleared appointment is held again: a report about the cadre arrived and is open.</summary>
public sealed record AppointmentHeld
{
    public required Guid PublicityId { get; init; }
    public required string CadreId { get; init; }
    public required int OpenReports { get; init; }
    public required DateTimeOffset At { get; init; }
}
