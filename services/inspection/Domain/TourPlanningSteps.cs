using Npgsql;
using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>Plans, the choice of targets, and teams formed under computed recusal: each step one transaction with its events.</summary>
public sealed class TourPlanningSteps(InspectionTransactions transactions, Outbox outbox, TimeProvider time, CityDirectory directory, InspectionRules rules,
    TeamConflicts teamConflicts, CandidateRanking ranking, InspectionWording wording)
{
    public Task<PlanRecord> CreatePlanAsync(PlanRecord plan, string createdBy, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            await PlanStore.CreateAsync(transaction, plan, createdBy, now, ct);
            return plan;
        }, ct);

    /// <summary>Ranks the targets of a kind from the projection, now.</summary>
    public Task<IReadOnlyList<RankedCandidate>> CandidatesAsync(string kind, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return transactions.ReadAsync(async transaction =>
        {
            var reports = await ProjectionStore.ReportsSinceAsync(transaction, now.AddMonths(-rules.Candidates.WindowMonths), ct);
            return ranking.Rank(kind, reports, await ProjectionStore.ElectionPeriodsAsync(transaction, ct), now);
        }, ct);
    }

    /// <summary>
    /// Plan staff choose a target for a round: the tour is planned with their reason and the data's numbers at that moment.
    /// A round's target is chosen once; a tour starts no earlier than its round.
    /// </summary>
    public Task<TourRecord> ChooseTargetAsync(Guid planId, int round, TourTarget target, DateOnly startsOn, int lengthDays, string reason, string chosenBy,
        CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            var plan = await PlanStore.FindAsync(transaction, planId, ct) ?? throw new PlanNotFoundException();
            if (plan.Kind == PlanKinds.AdHoc && round != 0)
            {
                throw new DomainRuleException(InspectionTexts.Words["tour.ad-hoc-round"]);
            }
            if (plan.Kind == PlanKinds.Regular)
            {
                var planned = plan.Rounds.FirstOrDefault(r => r.Number == round)
                              ?? throw new DomainRuleException(InspectionTexts.Words["tour.round-unknown", round]);
                if (startsOn < planned.StartsOn)
                {
                    throw new DomainRuleException(InspectionTexts.Words["tour.before-round", planned.StartsOn.ToString("yyyy-MM-dd")]);
                }
            }
            var reports = await ProjectionStore.ReportsSinceAsync(transaction, now.AddMonths(-rules.Candidates.WindowMonths), ct);
            var facts = ranking.FactsOf(target, reports, await ProjectionStore.ElectionPeriodsAsync(transaction, ct), now);
            var days = lengthDays == 0 ? rules.Tours.DefaultLengthDays : lengthDays;
            var tour = new TourRecord(Guid.CreateVersion7(), planId, round, target, startsOn, startsOn.AddDays(days - 1), TourStates.Planned, reason,
                chosenBy, facts, []);
            if (!await TourStore.CreateAsync(transaction, tour, now, ct))
            {
                throw new DomainRuleException(InspectionTexts.Words["tour.target-taken"]);
            }
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new TourTargetChosen
            {
                TourId = tour.Id, PlanId = planId, Round = round, TargetKind = target.Kind, TargetId = target.Id,
                TargetDivisionCode = target.DivisionCode, StartsOn = tour.StartsOn, EndsOn = tour.EndsOn, At = now,
            }, ct);
            return tour;
        }, ct);

    /// <summary>Every conflict of the inspectors with the tour's target, as the data stands now.</summary>
    public Task<IReadOnlyList<RecusalConflict>> CheckAsync(Guid tourId, IReadOnlyList<string> inspectorIds, CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
        {
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct) ?? throw new TourNotFoundException();
            return await teamConflicts.ConflictsAsync(transaction, tour, inspectorIds, ct);
        }, ct);

    /// <summary>
    /// Forms the team. A member in conflict refuses the whole team: each exclusion is recorded (and published) with its
    /// rule, committed, and the refusal names every member and rule.
    /// </summary>
    public async Task<TourRecord> FormTeamAsync(Guid tourId, string leaderId, IReadOnlyList<string> memberIds, string formedBy, CancellationToken ct)
    {
        IReadOnlyList<RecusalConflict> conflicts = [];
        var tour = await transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: true, ct) ?? throw new TourNotFoundException();
            if (tour.State != TourStates.Planned)
            {
                throw new DomainRuleException(InspectionTexts.Words["team.already-formed"]);
            }
            conflicts = await ExcludeConflictedAsync(transaction, tour, memberIds.Prepend(leaderId).ToList(), formedBy, now, ct);
            if (conflicts.Count > 0)
            {
                return tour;
            }
            await TourStore.AddTeamAsync(transaction, tourId, leaderId, memberIds, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new TeamFormed
            {
                TourId = tourId, LeaderId = leaderId, MemberIds = memberIds, At = now,
            }, ct);
            return tour;
        }, ct);
        ThrowIfConflicted("team.conflicted", conflicts);
        return await TourAsync(tour.Id, ct);
    }

    /// <summary>
    /// Plan staff seat a replacement for a member recused mid-tour: the one proposed then, or another inspector of the pool,
    /// checked for recusal again (a conflict is recorded and refuses the seat, as for a team). The replacement joins the team,
    /// not as its leader, and acts once they have signed the recusal declaration; <see cref="TeamMemberSeated"/> tells the team.
    /// A recused member is replaced once.
    /// </summary>
    public async Task<TourRecord> SeatReplacementAsync(Guid tourId, string recusedId, string? replacementId, string seatedBy, CancellationToken ct)
    {
        IReadOnlyList<RecusalConflict> conflicts = [];
        await transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: true, ct) ?? throw new TourNotFoundException();
            if (tour.State != TourStates.TeamFormed)
            {
                throw new DomainRuleException(InspectionTexts.Words["replacement.tour-not-in-progress"]);
            }
            var recused = tour.Team.FirstOrDefault(m => m.InspectorId == recusedId && m.RecusedAt is not null)
                          ?? throw new DomainRuleException(InspectionTexts.Words["replacement.not-recused", recusedId]);
            if (recused.ReplacedBy is not null)
            {
                throw new DomainRuleException(InspectionTexts.Words["replacement.already-seated", recusedId, recused.ReplacedBy]);
            }
            var chosen = replacementId ?? recused.Recusal?.ProposedReplacementId
                         ?? throw new DomainRuleException(InspectionTexts.Words["replacement.none-proposed", recusedId]);
            if (tour.Team.Any(m => m.InspectorId == chosen))
            {
                throw new DomainRuleException(InspectionTexts.Words["replacement.on-team", chosen]);
            }
            conflicts = await ExcludeConflictedAsync(transaction, tour, [chosen], seatedBy, now, ct);
            if (conflicts.Count > 0)
            {
                return 0;
            }
            // Under the tour's lock this cannot lose a race; the check keeps a recused member replaced once all the same.
            if (!await TourStore.SeatReplacementAsync(transaction, tourId, recusedId, chosen, now, ct))
            {
                throw new DomainRuleException(InspectionTexts.Words["replacement.already-seated", recusedId, chosen]);
            }
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new TeamMemberSeated
            {
                TourId = tourId, InspectorId = chosen, ReplacesInspectorId = recusedId, SeatedBy = seatedBy, At = now,
            }, ct);
            return 0;
        }, ct);
        ThrowIfConflicted("replacement.conflicted", conflicts);
        return await TourAsync(tourId, ct);
    }

    /// <summary>Every conflict of the inspectors with the tour, each recorded as an exclusion and published.</summary>
    private async Task<IReadOnlyList<RecusalConflict>> ExcludeConflictedAsync(NpgsqlTransaction transaction, TourRecord tour,
        IReadOnlyList<string> inspectorIds, string recordedBy, DateTimeOffset now, CancellationToken ct)
    {
        var conflicts = await teamConflicts.ConflictsAsync(transaction, tour, inspectorIds, ct);
        foreach (var conflict in conflicts)
        {
            await TourStore.AddExclusionAsync(transaction, tour.Id, conflict, recordedBy, now, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new InspectorExcluded
            {
                TourId = tour.Id, InspectorId = conflict.InspectorId, Rule = conflict.Rule, At = now,
            }, ct);
        }
        return conflicts;
    }

    /// <summary>Refuses naming each member, rule and fact, once the exclusions are committed.</summary>
    private void ThrowIfConflicted(string key, IReadOnlyList<RecusalConflict> conflicts)
    {
        if (conflicts.Count > 0)
        {
            throw new DomainRuleException(InspectionTexts.Words[key,
                string.Join("; ", conflicts.Select(c => $"{c.InspectorId} [{c.Rule}] {wording.Conflict(c)}"))]);
        }
    }

    /// <summary>A member signs their recusal declaration, once.</summary>
    public Task SignDeclarationAsync(Guid tourId, string inspectorId, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: true, ct) ?? throw new TourNotFoundException();
            if (!tour.HasActingMember(inspectorId))
            {
                throw new NotTeamMemberException();
            }
            if (!await TourStore.SignDeclarationAsync(transaction, tourId, inspectorId, now, ct))
            {
                throw new DomainRuleException(InspectionTexts.Words["team.declaration-signed"]);
            }
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new RecusalDeclarationSigned
            {
                TourId = tourId, InspectorId = inspectorId, At = now,
            }, ct);
            return 0;
        }, ct);

    /// <summary>
    /// A relative declared counts from then on: on a tour in progress whose target the relative works at, the inspector is
    /// recused in the same transaction.
    /// </summary>
    public Task<IReadOnlyList<TeamMemberRecused>> DeclareRelativeAsync(string inspectorId, RelativeRecord relative, string declaredBy, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            if (!await InspectorStore.AddRelativeAsync(transaction, inspectorId, relative, now, ct))
            {
                throw new DomainRuleException(InspectionTexts.Words["relative.already-declared"]);
            }
            return await teamConflicts.RecheckServingAsync(transaction, [inspectorId], declaredBy, now, ct);
        }, ct);

    /// <summary>The inspectors of these ids that exist.</summary>
    public Task<IReadOnlyList<InspectorRecord>> InspectorsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        transactions.ReadAsync(transaction => InspectorStore.FindAsync(transaction, ids, ct), ct);

    public Task<IReadOnlyList<InspectorRecord>> InspectorPageAsync(int offset, int size, CancellationToken ct) =>
        transactions.ReadAsync(transaction => InspectorStore.PageAsync(transaction, offset, size, ct), ct);

    public Task<(PlanRecord Plan, IReadOnlyList<TourRecord> Tours)> PlanAsync(Guid planId, CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
        {
            var plan = await PlanStore.FindAsync(transaction, planId, ct) ?? throw new PlanNotFoundException();
            return (plan, await TourStore.OfPlanAsync(transaction, directory, planId, ct));
        }, ct);

    public Task<IReadOnlyList<ExclusionRecord>> ExclusionsAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(transaction => TourStore.ExclusionsAsync(transaction, tourId, ct), ct);

    public Task<TourRecord> TourAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(async transaction => await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct) ?? throw new TourNotFoundException(), ct);
}

/// <summary>The plan named does not exist (NOT_FOUND at the edge).</summary>
public sealed class PlanNotFoundException() : Exception("plan not found");

/// <summary>The tour named does not exist (NOT_FOUND at the edge).</summary>
public sealed class TourNotFoundException() : Exception("tour not found");

/// <summary>The caller is not on the tour's team (PERMISSION_DENIED at the edge).</summary>
public sealed class NotTeamMemberException() : Exception("not a member of the tour's team");
