namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour graded a leadership team (by its unit) or a cadre, citing its findings or work records (no citizen's identity, no text).</summary>
public sealed record AssessmentRecorded
{
    public required Guid AssessmentId { get; init; }
    public required Guid TourId { get; init; }
    public string? LeadershipUnitId { get; init; }
    public string? CadreId { get; init; }
    public required string Grade { get; init; }
    public required IReadOnlyList<Guid> FindingIds { get; init; }
    public required IReadOnlyList<Guid> WorkRecordIds { get; init; }
    public required DateTimeOffset At { get; init; }
}
