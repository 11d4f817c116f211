namespace Supervision.Contracts.Events.Reporting;

/// <summary>A proposed appointee was publicized (任前公示) in the unit and the residential community; the appointment is held until the window ends.</summary>
public sealed record PublicityOpened
{
    public required Guid PublicityId { get; init; }
    public required string CadreId { get; init; }
    public required string UnitId { get; init; }
    public required string DivisionCode { get; init; }
    public Guid? VacancyId { get; init; }
    public required DateTimeOffset WindowEndsAt { get; init; }
    public required DateTimeOffset At { get; init; }
}
