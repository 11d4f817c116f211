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

    private sealed record MemberRow(Guid TourId, string InspectorId, string Name, bool Leader, DateTime? SignedAt);

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

    /// <summary>Records the member's signature; false when they had signed already.</summary>
    public static async Task<bool> SignDeclarationAsync(NpgsqlTransaction transaction, Guid tourId, string inspectorId, DateTimeOffset at, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            "update tour_members set declaration_signed_at = @at where tour_id = @tourId and inspector_id = @inspectorId and declaration_signed_at is null",
            new { tourId, inspectorId, at = at.UtcDateTime }, ct) == 1;

    public static Task AddExclusionAsync(NpgsqlTransaction transaction, Guid tourId, RecusalConflict conflict, string recordedBy, DateTimeOffset at,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into recusal_exclusions (id, tour_id, inspector_id, rule, detail, recorded_by, recorded_at)
            values (@id, @tourId, @InspectorId, @Rule, @detail::jsonb, @recordedBy, @at)
            """, new
            {
                id = Guid.CreateVersion7(), tourId, conflict.InspectorId, conflict.Rule, detail = JsonSerializer.Serialize(conflict.Detail),
                recordedBy, at = at.UtcDateTime,
            }, ct);

    private sealed record ExclusionRow(string InspectorId, string Name, string Rule, string Detail, string RecordedBy, DateTime RecordedAt);

    public static async Task<IReadOnlyList<ExclusionRecord>> ExclusionsAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        (await transaction.ListAsync<ExclusionRow>(
            """
            select e.inspector_id as InspectorId, i.name as Name, e.rule as Rule, e.detail::text as Detail, e.recorded_by as RecordedBy,
                e.recorded_at as RecordedAt
            from recusal_exclusions e join inspectors i on i.id = e.inspector_id where e.tour_id = @tourId order by e.recorded_at, e.id
            """, new { tourId }, ct))
        .Select(e => new ExclusionRecord(e.InspectorId, e.Name, e.Rule, JsonSerializer.Deserialize<ConflictDetail>(e.Detail)!, e.RecordedBy,
            new DateTimeOffset(DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc))))
        .ToList();

    private static async Task<IReadOnlyList<TourRecord>> WithTeamsAsync(NpgsqlTransaction transaction, CityDirectory directory, IReadOnlyList<TourRow> rows,
        CancellationToken ct)
    {
        var members = (await transaction.ListAsync<MemberRow>(
            """
            select m.tour_id as TourId, m.inspector_id as InspectorId, i.name as Name, m.leader as Leader, m.declaration_signed_at as SignedAt
            from tour_members m join inspectors i on i.id = m.inspector_id where m.tour_id = any(@ids) order by m.leader desc, m.inspector_id
            """, new { ids = rows.Select(r => r.Id).ToArray() }, ct)).ToLookup(m => m.TourId);
        return rows.Select(r => new TourRecord(r.Id, r.PlanId, r.Round,
                TourTarget.Find(directory, r.TargetKind, r.TargetId) ?? new TourTarget(r.TargetKind, r.TargetId, "", r.TargetId, null),
                r.StartsOn, r.EndsOn, r.State, r.ChoiceReason, r.ChosenBy,
                JsonSerializer.Deserialize<CandidateFacts>(r.Candidate)!,
                members[r.Id].Select(m => new TeamMemberRecord(m.InspectorId, m.Name, m.Leader,
                    m.SignedAt is { } signed ? new DateTimeOffset(DateTime.SpecifyKind(signed, DateTimeKind.Utc)) : null)).ToList()))
            .ToList();
    }
}
