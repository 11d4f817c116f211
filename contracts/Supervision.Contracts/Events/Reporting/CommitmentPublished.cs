namespace Supervision.Contracts.Events.Reporting;

/// <summary>A unit published a public commitment of its head (承诺), to be kept by DueBy.</summary>
public sealed record CommitmentPublished
{
    public required Guid CommitmentId { get; init; }
    public required string UnitId { get; init; }
    public required string CadreId { get; init; }
    public required DateOnly DueBy { get; init; }
    public required DateTimeOffset At { get; init; }
}
