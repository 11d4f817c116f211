namespace Supervision.Contracts.Events.Inspection;

/// <summary>A serving team member was recused mid-tour by a conflict that appeared since the team was formed; a replacement is proposed when the pool has one.</summary>
public sealed record TeamMemberRecused
{
    public required Guid TourId { get; init; }
    public required string InspectorId { get; init; }
    public required IReadOnlyList<string> Rules { get; init; }
    public string? ProposedReplacementId { get; init; }
    public required DateTimeOffset At { get; init; }
}
