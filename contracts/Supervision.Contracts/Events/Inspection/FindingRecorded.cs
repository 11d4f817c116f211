namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour recorded a finding about cadres or units of its target (no citizen's identity).</summary>
public sealed record FindingRecorded
{
    public required Guid FindingId { get; init; }
    public required Guid TourId { get; init; }
    public required string Category { get; init; }
    public required string Severity { get; init; }
    public required IReadOnlyList<string> CadreIds { get; init; }
    public required IReadOnlyList<string> UnitIds { get; init; }
    public required DateTimeOffset At { get; init; }
}
