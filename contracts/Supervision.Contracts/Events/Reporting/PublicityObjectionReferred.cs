namespace Supervision.Contracts.Events.Reporting;

/// <summary>An objection to a publicity went to intake as a report about the cadre; never the objector.</summary>
public sealed record PublicityObjectionReferred
{
    public required Guid PublicityId { get; init; }
    public required string CadreId { get; init; }
    public required Guid ReportId { get; init; }
    public required DateTimeOffset At { get; init; }
}
