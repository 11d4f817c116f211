namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A closed scoring session's final place of one unit in its group: the panel's score (trimmed mean, 0 to 100) and rank.</summary>
public sealed record UnitRanked
{
    public required Guid SessionId { get; init; }
    public required string SheetId { get; init; }
    public required string Group { get; init; }
    public required string UnitId { get; init; }
    public required int Rank { get; init; }
    public required int RankedUnits { get; init; }
    public required double Score { get; init; }
    public required int Scores { get; init; }
    public required DateTimeOffset ClosedAt { get; init; }
}
