namespace Supervision.Contracts.Events.Evaluation;

/// <summary>
/// A closed ranking applied a consequence to a unit (rules data): last-place (no award eligibility, the head's adjustment
/// recommended), key-supervision-target (special rectification by the deadline; inspection adds the unit to its candidates),
/// cause-analysis (a cause analysis and rectification report by the deadline).
/// </summary>
public sealed record ConsequenceApplied
{
    public required Guid ConsequenceId { get; init; }
    public required Guid SessionId { get; init; }
    public required string UnitId { get; init; }
    public required string Consequence { get; init; }
    public required int Rank { get; init; }
    public required int RankedUnits { get; init; }
    public required double Score { get; init; }
    public DateTimeOffset? DueAt { get; init; }
}
