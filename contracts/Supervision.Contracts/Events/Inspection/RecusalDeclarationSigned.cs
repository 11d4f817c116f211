namespace Supervision.Contracts.Events.Inspection;

/// <summary>A team member signed their recusal declaration for a tour.</summary>
public sealed record RecusalDeclarationSigned
{
    public required Guid TourId { get; init; }
    public required string InspectorId { get; init; }
    public required DateTimeOffset At { get; init; }
}
