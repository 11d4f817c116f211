namespace Supervision.Contracts.Events.Reporting;

/// <summary>Whether a public commitment was kept (践诺), assessed once.</summary>
public sealed record CommitmentAssessed
{
    public required Guid CommitmentId { get; init; }
    public required string UnitId { get; init; }
    public required string CadreId { get; init; }
    public required bool Kept { get; init; }
    public required DateTimeOffset At { get; init; }
}
