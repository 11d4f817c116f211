namespace Supervision.Contracts.Events.Reporting;

/// <summary>A stage of a competitive selection was completed with more candidates than posts (差额); Stage and NextStage are kebab-case (nomination ... vote, concluded).</summary>
public sealed record SelectionStageCompleted
{
    public required Guid VacancyId { get; init; }
    public required string Stage { get; init; }
    public required int Candidates { get; init; }
    public required int Posts { get; init; }
    public required string NextStage { get; init; }
    public required DateTimeOffset At { get; init; }
}
