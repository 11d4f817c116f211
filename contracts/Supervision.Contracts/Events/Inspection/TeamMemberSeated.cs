namespace Supervision.Contracts.Events.Inspection;

/// <summary>Plan staff seated a replacement for a member recused mid-tour; the new member signs their recusal declaration before acting.</summary>
public sealed record TeamMemberSeated
{
    public required Guid TourId { get; init; }
    public required string InspectorId { get; init; }
    public required string ReplacesInspectorId { get; init; }
    public required string SeatedBy { get; init; }
    public required DateTimeOffset At { get; init; }
}
