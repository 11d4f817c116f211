namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A draw for a targeted evaluation was committed: its roster's hash and the commitment to its secret seed are public from now.</summary>
public sealed record DrawCommitted
{
    public required Guid DrawId { get; init; }
    public required string UnitId { get; init; }
    public required int Seats { get; init; }
    public required int RosterSize { get; init; }
    public required string RosterHash { get; init; }
    public required string Commitment { get; init; }
    public required DateTimeOffset CommittedAt { get; init; }
}
