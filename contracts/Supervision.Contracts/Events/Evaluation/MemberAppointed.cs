namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A citizen was appointed to the evaluation panel for a term; no personal data, only what the panel's composition needs.</summary>
public sealed record MemberAppointed
{
    public required Guid MemberId { get; init; }
    public required int PanelNumber { get; init; }
    public required string Sector { get; init; }
    public required bool Grassroots { get; init; }
    public required string DivisionCode { get; init; }
    public required DateTimeOffset AppointedAt { get; init; }
    public required DateTimeOffset TermEndsAt { get; init; }
}
