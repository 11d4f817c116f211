namespace Supervision.Inspection.Domain;

public static class PlanKinds
{
    public const string Regular = "regular";
    public const string AdHoc = "ad-hoc";
}

public sealed record RoundRecord(int Number, string Title, DateOnly StartsOn);

public sealed record PlanRecord(Guid Id, string Kind, int Year, string Title, IReadOnlyList<RoundRecord> Rounds);

public static class TourStates
{
    public const string Planned = "planned";
    public const string TeamFormed = "team-formed";
    public const string Closed = "closed";
}

/// <summary>A member of a tour's team; one recused mid-tour keeps their row, with the exclusion that recused them.</summary>
public sealed record TeamMemberRecord(string InspectorId, string Name, bool Leader, DateTimeOffset? DeclarationSignedAt,
    DateTimeOffset? RecusedAt = null, ExclusionRecord? Recusal = null);

public sealed record TourRecord(Guid Id, Guid PlanId, int Round, TourTarget Target, DateOnly StartsOn, DateOnly EndsOn, string State,
    string ChoiceReason, string ChosenBy, CandidateFacts Candidate, IReadOnlyList<TeamMemberRecord> Team)
{
    /// <summary>Whether the inspector serves on the team now: a member not recused.</summary>
    public bool HasActingMember(string inspectorId) => Team.Any(m => m.InspectorId == inspectorId && m.RecusedAt is null);
}

public sealed record ExclusionRecord(string InspectorId, string InspectorName, string Rule, ConflictDetail Detail, string RecordedBy, DateTimeOffset RecordedAt,
    bool MidTour = false, string? ProposedReplacementId = null);
