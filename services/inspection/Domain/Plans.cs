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
}

public sealed record TeamMemberRecord(string InspectorId, string Name, bool Leader, DateTimeOffset? DeclarationSignedAt);

public sealed record TourRecord(Guid Id, Guid PlanId, int Round, TourTarget Target, DateOnly StartsOn, DateOnly EndsOn, string State,
    string ChoiceReason, string ChosenBy, CandidateFacts Candidate, IReadOnlyList<TeamMemberRecord> Team);

public sealed record ExclusionRecord(string InspectorId, string InspectorName, string Rule, ConflictDetail Detail, string RecordedBy, DateTimeOffset RecordedAt);
