namespace Supervision.Contracts.Events.Reporting;

/// <summary>A vacancy was published with its requirements, method and procedure (两公开); its selection starts at nomination.</summary>
public sealed record VacancyPublished
{
    public required Guid VacancyId { get; init; }
    public required string UnitId { get; init; }
    public required string DivisionCode { get; init; }
    public required string Post { get; init; }
    public required int Posts { get; init; }
    public required DateTimeOffset At { get; init; }
}
