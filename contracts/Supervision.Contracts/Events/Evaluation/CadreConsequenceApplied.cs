namespace Supervision.Contracts.Events.Evaluation;

/// <summary>
/// A closed ranking of middle-level cadres (十佳十差) applied a consequence to a directory cadre (rules data): merit-citation
/// for the top ten, warning-bulletin (named in the city-wide warning bulletin) for the bottom ten; ties at the boundary share it.
/// </summary>
public sealed record CadreConsequenceApplied
{
    public required Guid ConsequenceId { get; init; }
    public required Guid SessionId { get; init; }
    public required string CadreId { get; init; }
    public required string UnitId { get; init; }
    public required string Consequence { get; init; }
    public required int Rank { get; init; }
    public required int RankedCadres { get; init; }
    public required double Score { get; init; }
}
