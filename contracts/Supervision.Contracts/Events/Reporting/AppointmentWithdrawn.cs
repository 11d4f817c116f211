namespace Supervision.Contracts.Events.Reporting;

/// <summary>The proposed appointment was withdrawn, with the reason as written.</summary>
public sealed record AppointmentWithdrawn
{
    public required Guid PublicityId { get; init; }
    public required string CadreId { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
