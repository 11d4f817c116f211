using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>A visit plan as stored, with its units (and windows) and visiting members.</summary>
public sealed record VisitPlanRecord
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public bool Secret { get; init; }
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    public string Status { get; init; } = "";
    public DateTime PlannedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
}

/// <summary>A unit of a plan, or one of its service windows ("" for the unit itself), and the unit's division.</summary>
public sealed record VisitTargetRecord(string UnitId, string WindowId, string DivisionCode);

/// <summary>A visiting member of a plan.</summary>
public sealed record VisitMemberRecord(Guid MemberId, int PanelNumber);

/// <summary>What one member found at one unit or window.</summary>
public sealed record VisitRecordRow
{
    public Guid Id { get; init; }
    public Guid MemberId { get; init; }
    public int PanelNumber { get; init; }
    public string UnitId { get; init; } = "";
    public string WindowId { get; init; } = "";
    public DateTime VisitedAt { get; init; }
    public string Observations { get; init; } = "";
    public double Score { get; init; }
    public string[] EvidenceNotes { get; init; } = [];
}

/// <summary>The visit plans' SQL, in the caller's transaction.</summary>
public static class VisitStore
{
    private const string PlanColumns =
        """
        id as Id, title as Title, secret as Secret, starts_on as StartsOn, ends_on as EndsOn, status as Status, planned_at as PlannedAt,
        completed_at as CompletedAt
        """;

    public static async Task InsertPlanAsync(NpgsqlTransaction transaction, VisitPlanRecord plan, IReadOnlyList<VisitTargetRecord> targets,
        IReadOnlyList<VisitMemberRecord> members, string plannedBy, CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            """
            insert into visit_plans (id, title, secret, starts_on, ends_on, status, planned_at, planned_by)
            values (@Id, @Title, @Secret, @StartsOn, @EndsOn, @Status, @PlannedAt, @plannedBy)
            """, new { plan.Id, plan.Title, plan.Secret, plan.StartsOn, plan.EndsOn, plan.Status, plan.PlannedAt, plannedBy }, ct);
        await transaction.ExecuteAsync(
            """
            insert into visit_targets (plan_id, position, unit_id, window_id, division_code)
            select @id, t.position, t.unit_id, t.window_id, t.division_code
            from unnest(@units, @windows, @divisions) with ordinality as t(unit_id, window_id, division_code, position)
            """,
            new
            {
                id = plan.Id, units = targets.Select(t => t.UnitId).ToArray(), windows = targets.Select(t => t.WindowId).ToArray(),
                divisions = targets.Select(t => t.DivisionCode).ToArray(),
            }, ct);
        await transaction.ExecuteAsync(
            "insert into visit_members (plan_id, member_id, panel_number) select @id, unnest(@memberIds), unnest(@panelNumbers)",
            new { id = plan.Id, memberIds = members.Select(m => m.MemberId).ToArray(), panelNumbers = members.Select(m => m.PanelNumber).ToArray() }, ct);
    }

    public static Task<VisitPlanRecord?> FindPlanAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<VisitPlanRecord>($"select {PlanColumns} from visit_plans where id = @id" + (forUpdate ? " for update" : ""),
            new { id }, ct);

    public static Task<IReadOnlyList<VisitTargetRecord>> TargetsAsync(NpgsqlTransaction transaction, Guid planId, CancellationToken ct) =>
        transaction.ListAsync<VisitTargetRecord>(
            "select unit_id as UnitId, window_id as WindowId, division_code as DivisionCode from visit_targets where plan_id = @planId order by position", new { planId }, ct);

    public static Task<IReadOnlyList<VisitMemberRecord>> MembersAsync(NpgsqlTransaction transaction, Guid planId, CancellationToken ct) =>
        transaction.ListAsync<VisitMemberRecord>(
            "select member_id as MemberId, panel_number as PanelNumber from visit_members where plan_id = @planId order by panel_number",
            new { planId }, ct);

    public static Task<IReadOnlyList<VisitRecordRow>> RecordsAsync(NpgsqlTransaction transaction, Guid planId, CancellationToken ct) =>
        transaction.ListAsync<VisitRecordRow>(
            """
            select id as Id, member_id as MemberId, panel_number as PanelNumber, unit_id as UnitId, window_id as WindowId, visited_at as VisitedAt,
                   observations as Observations, score as Score, evidence_notes as EvidenceNotes
            from visit_records where plan_id = @planId order by visited_at, id
            """, new { planId }, ct);

    public static Task InsertRecordAsync(NpgsqlTransaction transaction, Guid planId, VisitRecordRow record, DateTimeOffset at, string by,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into visit_records (id, plan_id, member_id, panel_number, unit_id, window_id, visited_at, observations, score, evidence_notes,
                recorded_at, recorded_by)
            values (@Id, @planId, @MemberId, @PanelNumber, @UnitId, @WindowId, @VisitedAt, @Observations, @Score, @EvidenceNotes, @at, @by)
            """,
            new
            {
                record.Id, planId, record.MemberId, record.PanelNumber, record.UnitId, record.WindowId, record.VisitedAt, record.Observations,
                record.Score, record.EvidenceNotes, at = at.UtcDateTime, by,
            }, ct);

    public static Task CompletePlanAsync(NpgsqlTransaction transaction, Guid id, DateTimeOffset at, string by, CancellationToken ct) =>
        transaction.ExecuteAsync("update visit_plans set status = 'done', completed_at = @at, completed_by = @by where id = @id",
            new { id, at = at.UtcDateTime, by }, ct);

    /// <summary>
    /// Plans, newest first after a keyset position: visiting <paramref name="unitId"/> (null: any), visiting a unit in
    /// <paramref name="divisions"/> (null: any), and, for a visited unit's reader, only announced or done plans.
    /// </summary>
    public static Task<IReadOnlyList<VisitPlanRecord>> ListPlansAsync(NpgsqlTransaction transaction, string? unitId, IReadOnlyList<string>? divisions,
        bool announcedOrDoneOnly, (DateTime At, Guid Id)? before, int size, CancellationToken ct) =>
        transaction.ListAsync<VisitPlanRecord>(
            $"""
            select {PlanColumns} from visit_plans p
            where (@unitId::text is null or exists (select 1 from visit_targets t where t.plan_id = p.id and t.unit_id = @unitId))
              and (@anyDivision or exists (select 1 from visit_targets t where t.plan_id = p.id and t.division_code = any(@divisions)))
              and (not @announcedOrDoneOnly or not secret or status = 'done')
              and (@beforeAt::timestamptz is null or (planned_at, id) < (@beforeAt, @beforeId))
            order by planned_at desc, id desc limit @size
            """,
            new
            {
                unitId, anyDivision = divisions is null, divisions = divisions?.ToArray() ?? [], announcedOrDoneOnly,
                beforeAt = before?.At, beforeId = before?.Id ?? Guid.Empty, size,
            }, ct);
}
