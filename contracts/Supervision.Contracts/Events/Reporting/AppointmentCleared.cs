namespace Supervision.Contracts.Events.Reporting;

/// <summary>Nothing holds the appointment any longer: the window ended and every objection and report about the cadre is closed.</summary>
public sealed record AppointmentCleared
{
    public required Guid PublicityId { get; init; }
    public required string CadreId { get; init; }
    public required DateTimeOffset At { get; init; }
}
