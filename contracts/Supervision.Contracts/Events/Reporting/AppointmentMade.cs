namespace Supervision.Contracts.Events.Reporting;

/// <summary>The cadre of a cleared publicity was appointed.</summary>
public sealed record AppointmentMade
{
    public required Guid PublicityId { get; init; }
    public required string CadreId { get; init; }
    public required DateTimeOffset At { get; init; }
}
