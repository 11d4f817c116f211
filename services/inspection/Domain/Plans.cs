using Supervision.Inspection.Localization;
using Supervision.Reference;

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

/// <summary>
/// A member of a tour's team; one recused mid-tour keeps their row, with the exclusion that recused them and, once seated,
/// their replacement. A replacement carries when plan staff seated them.
/// </summary>
public sealed record TeamMemberRecord(string InspectorId, string Name, bool Leader, DateTimeOffset? DeclarationSignedAt,
    DateTimeOffset? RecusedAt = null, ExclusionRecord? Recusal = null, string? ReplacedBy = null, DateTimeOffset? SeatedAt = null)
{
    /// <summary>Serving, and not a replacement still to sign the recusal declaration.</summary>
    public bool Acts => RecusedAt is null && (SeatedAt is null || DeclarationSignedAt is not null);
}

public sealed record TourRecord(Guid Id, Guid PlanId, int Round, TourTarget Target, DateOnly StartsOn, DateOnly EndsOn, string State,
    string ChoiceReason, string ChosenBy, CandidateFacts Candidate, IReadOnlyList<TeamMemberRecord> Team)
{
    /// <summary>Whether the inspector serves on the team now: a member not recused (who reads the tour and signs the declaration).</summary>
    public bool HasActingMember(string inspectorId) => Team.Any(m => m.InspectorId == inspectorId && m.RecusedAt is null);

    /// <summary>Whether the inspector may act for the tour: serving, and signed if seated as a replacement.</summary>
    public bool MayAct(string inspectorId) => Team.Any(m => m.InspectorId == inspectorId && m.Acts);

    /// <summary>
    /// Refuses an inspector who does not serve on the team (<see cref="NotTeamMemberException"/>), or a replacement seated
    /// mid-tour who has not signed the recusal declaration yet (a domain rule).
    /// </summary>
    public void RequireActing(string inspectorId)
    {
        if (!HasActingMember(inspectorId))
        {
            throw new NotTeamMemberException();
        }
        if (!MayAct(inspectorId))
        {
            throw new DomainRuleException(InspectionTexts.Words["replacement.declaration-first"]);
        }
    }
}

public sealed record ExclusionRecord(string InspectorId, string InspectorName, string Rule, ConflictDetail Detail, string RecordedBy, DateTimeOffset RecordedAt,
    bool MidTour = false, string? ProposedReplacementId = null);
