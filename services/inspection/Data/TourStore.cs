using System.Text.Json;
using Npgsql;
using Supervision.Inspection.Domain;
using Supervision.Reference;

namespace Supervision.Inspection.Data;

/// <summary>Tours, their teams and the exclusions recusal recorded.</summary>
public static class TourStore
{
    public static async Task<bool> CreateAsync(NpgsqlTransaction transaction, TourRecord tour, DateTimeOffset at, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into tours (id, plan_id, round, target_kind, target_id, target_division_code, starts_on, ends_on, state, choice_reason, chosen_by,
                chosen_at, candidate)
            values (@Id, @PlanId, @Round, @kind, @targetId, @division, @startsOn, @endsOn, @State, @ChoiceReason, @ChosenBy, @at, @candidate::jsonb)
            on conflict (plan_id, round, target_kind, target_id) do nothing
            """, new
            {
                tour.Id, tour.PlanId, tour.Round, kind = tour.Target.Kind, targetId = tour.Target.Id, division = tour.Target.DivisionCode,
                startsOn = tour.StartsOn.ToDateTime(TimeOnly.MinValue), endsOn = tour.EndsOn.ToDateTime(TimeOnly.MinValue), tour.State,
                tour.ChoiceReason, tour.ChosenBy, at = at.UtcDateTime, candidate = JsonSerializer.Serialize(tour.Candidate),
            }, ct) == 1;

    private sealed record TourRow(Guid Id, Guid PlanId, int Round, string TargetKind, string TargetId, DateOnly StartsOn, DateOnly EndsOn, string State,
        string ChoiceReason, string ChosenBy, string Candidate);

    private sealed record MemberRow(Guid TourId, string InspectorId, string Name, bool Leader, DateTime? SignedAt, DateTime? RecusedAt, Guid? RecusalExclusionId,
        string? ReplacedBy, DateTime? SeatedAt);

    private const string TourColumns = """
        select id as Id, plan_id as PlanId, round as Round, target_kind as TargetKind, target_id as TargetId, starts_on as StartsOn, ends_on as EndsOn,
            state as State, choice_reason as ChoiceReason, chosen_by as ChosenBy, candidate::text as Candidate from tours
        """;

    /// <summary>The tour with its team; <paramref name="forUpdate"/> locks it for the transaction (one change at a time).</summary>
    public static async Task<TourRecord?> FindAsync(NpgsqlTransaction transaction, CityDirectory directory, Guid id, bool forUpdate, CancellationToken ct)
    {
        var row = await transaction.SingleOrDefaultAsync<TourRow>(TourColumns + " where id = @id" + (forUpdate ? " for update" : ""), new { id }, ct);
        return row is null ? null : (await WithTeamsAsync(transaction, directory, [row], ct))[0];
    }

    public static async Task<IReadOnlyList<TourRecord>> OfPlanAsync(NpgsqlTransaction transaction, CityDirectory directory, Guid planId, CancellationToken ct) =>
        await WithTeamsAsync(transaction, directory,
            await transaction.ListAsync<TourRow>(TourColumns + " where plan_id = @planId order by round, starts_on, id", new { planId }, ct), ct);

    public static async Task AddTeamAsync(NpgsqlTransaction transaction, Guid tourId, string leaderId, IReadOnlyList<string> memberIds, CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            """
            insert into tour_members (tour_id, inspector_id, leader)
            select @tourId, id, id = @leaderId from unnest(@ids) as id
            """, new { tourId, leaderId, ids = memberIds.Prepend(leaderId).ToArray() }, ct);
        await transaction.ExecuteAsync("update tours set state = @state where id = @tourId", new { tourId, state = TourStates.TeamFormed }, ct);
    }

    public static Task CloseAsync(NpgsqlTransaction transaction, Guid tourId, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync("update tours set state = @state, closed_at = @at where id = @tourId",
            new { tourId, state = TourStates.Closed, at = at.UtcDateTime }, ct);

    /// <summary>Records the member's signature; false when they had signed already.</summary>
    public static async Task<bool> SignDeclarationAsync(NpgsqlTransaction transaction, Guid tourId, string inspectorId, DateTimeOffset at, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            "update tour_members set declaration_signed_at = @at where tour_id = @tourId and inspector_id = @inspectorId and declaration_signed_at is null",
            new { tourId, inspectorId, at = at.UtcDateTime }, ct) == 1;

    /// <summary>Records an exclusion; <paramref name="midTour"/> when it recused a serving member, with the replacement proposed.</summary>
    public static async Task<Guid> AddExclusionAsync(NpgsqlTransaction transaction, Guid tourId, RecusalConflict conflict, string recordedBy, DateTimeOffset at,
        CancellationToken ct, bool midTour = false, string? proposedReplacementId = null)
    {
        var id = Guid.CreateVersion7();
        await transaction.ExecuteAsync(
            """
            insert into recusal_exclusions (id, tour_id, inspector_id, rule, detail, recorded_by, recorded_at, mid_tour, proposed_replacement_id)
            values (@id, @tourId, @InspectorId, @Rule, @detail::jsonb, @recordedBy, @at, @midTour, @proposedReplacementId)
            """, new
            {
                id, tourId, conflict.InspectorId, conflict.Rule, detail = JsonSerializer.Serialize(conflict.Detail),
                recordedBy, at = at.UtcDateTime, midTour, proposedReplacementId,
            }, ct);
        return id;
    }

    /// <summary>Takes a serving member off the team; false when they were recused already (so nothing acts twice).</summary>
    public static async Task<bool> RecuseAsync(NpgsqlTransaction transaction, Guid tourId, string inspectorId, Guid exclusionId, DateTimeOffset at,
        CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            update tour_members set recused_at = @at, recusal_exclusion_id = @exclusionId
            where tour_id = @tourId and inspector_id = @inspectorId and recused_at is null
            """, new { tourId, inspectorId, exclusionId, at = at.UtcDateTime }, ct) == 1;

    /// <summary>
    /// Seats <paramref name="replacementId"/> in place of a recused member not replaced yet, not as leader: false when one was
    /// seated already (the other instance, a retry), so a recused member is replaced once.
    /// </summary>
    public static async Task<bool> SeatReplacementAsync(NpgsqlTransaction transaction, Guid tourId, string recusedId, string replacementId, DateTimeOffset at,
        CancellationToken ct)
    {
        var replaced = await transaction.ExecuteAsync(
            """
            update tour_members set replaced_by = @replacementId
            where tour_id = @tourId and inspector_id = @recusedId and recused_at is not null and replaced_by is null
            """, new { tourId, recusedId, replacementId }, ct) == 1;
        if (replaced)
        {
            await transaction.ExecuteAsync(
                "insert into tour_members (tour_id, inspector_id, leader, seated_at) values (@tourId, @replacementId, false, @at)",
                new { tourId, replacementId, at = at.UtcDateTime }, ct);
        }
        return replaced;
    }

    /// <summary>The tours in progress (team formed, not closed) on which any of these inspectors serves, locked one at a time in id order.</summary>
    public static async Task<IReadOnlyList<Guid>> ServedByAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> inspectorIds, CancellationToken ct) =>
        await transaction.ListAsync<Guid>(
            """
            select t.id from tours t
            where t.state = @state and exists (
                select 1 from tour_members m where m.tour_id = t.id and m.inspector_id = any(@ids) and m.recused_at is null)
            order by t.id for update of t
            """, new { ids = inspectorIds.ToArray(), state = TourStates.TeamFormed }, ct);

    /// <summary>The inspectors serving on any tour in progress: a replacement is proposed from the others.</summary>
    public static async Task<HashSet<string>> ServingAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        (await transaction.ListAsync<string>(
            """
            select distinct m.inspector_id from tour_members m join tours t on t.id = m.tour_id
            where t.state = @state and m.recused_at is null
            """, new { state = TourStates.TeamFormed }, ct)).ToHashSet();

    private sealed record ExclusionRow(Guid Id, string InspectorId, string Name, string Rule, string Detail, string RecordedBy, DateTime RecordedAt,
        bool MidTour, string? ProposedReplacementId);

    private const string ExclusionColumns = """
        select e.id as Id, e.inspector_id as InspectorId, i.name as Name, e.rule as Rule, e.detail::text as Detail, e.recorded_by as RecordedBy,
            e.recorded_at as RecordedAt, e.mid_tour as MidTour, e.proposed_replacement_id as ProposedReplacementId
        from recusal_exclusions e join inspectors i on i.id = e.inspector_id
        """;

    public static async Task<IReadOnlyList<ExclusionRecord>> ExclusionsAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        (await transaction.ListAsync<ExclusionRow>(ExclusionColumns + " where e.tour_id = @tourId order by e.recorded_at, e.id", new { tourId }, ct))
        .Select(Exclusion).ToList();

    private static ExclusionRecord Exclusion(ExclusionRow e) => new(e.InspectorId, e.Name, e.Rule, JsonSerializer.Deserialize<ConflictDetail>(e.Detail)!,
        e.RecordedBy, Utc(e.RecordedAt), e.MidTour, e.ProposedReplacementId);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static async Task<IReadOnlyList<TourRecord>> WithTeamsAsync(NpgsqlTransaction transaction, CityDirectory directory, IReadOnlyList<TourRow> rows,
        CancellationToken ct)
    {
        var members = (await transaction.ListAsync<MemberRow>(
            """
            select m.tour_id as TourId, m.inspector_id as InspectorId, i.name as Name, m.leader as Leader, m.declaration_signed_at as SignedAt,
                m.recused_at as RecusedAt, m.recusal_exclusion_id as RecusalExclusionId, m.replaced_by as ReplacedBy, m.seated_at as SeatedAt
            from tour_members m join inspectors i on i.id = m.inspector_id where m.tour_id = any(@ids) order by m.leader desc, m.inspector_id
            """, new { ids = rows.Select(r => r.Id).ToArray() }, ct)).ToLookup(m => m.TourId);
        var recusals = (await transaction.ListAsync<ExclusionRow>(ExclusionColumns + " where e.id = any(@ids)",
            new { ids = members.SelectMany(g => g).Select(m => m.RecusalExclusionId).OfType<Guid>().ToArray() }, ct)).ToDictionary(e => e.Id, Exclusion);
        return rows.Select(r => new TourRecord(r.Id, r.PlanId, r.Round,
                TourTarget.Find(directory, r.TargetKind, r.TargetId) ?? new TourTarget(r.TargetKind, r.TargetId, "", r.TargetId, null),
                r.StartsOn, r.EndsOn, r.State, r.ChoiceReason, r.ChosenBy,
                JsonSerializer.Deserialize<CandidateFacts>(r.Candidate)!,
                members[r.Id].Select(m => new TeamMemberRecord(m.InspectorId, m.Name, m.Leader,
                    m.SignedAt is { } signed ? Utc(signed) : null, m.RecusedAt is { } recused ? Utc(recused) : null,
                    m.RecusalExclusionId is { } exclusion ? recusals[exclusion] : null, m.ReplacedBy,
                    m.SeatedAt is { } seated ? Utc(seated) : null)).ToList()))
            .ToList();
    }
}
