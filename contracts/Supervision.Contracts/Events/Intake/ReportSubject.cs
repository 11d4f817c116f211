namespace Supervision.Contracts.Events.Intake;

/// <summary>A cadre or unit a report is about: directory ids when known, otherwise free text.</summary>
public sealed record ReportSubject
{
    public string? CadreId { get; init; }
    public string? UnitId { get; init; }
    public string? Name { get; init; }
    public string? Post { get; init; }
    public string? UnitName { get; init; }
    public string? DivisionCode { get; init; }
}
