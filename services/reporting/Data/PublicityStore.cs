using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>A pre-appointment publicity as stored; <c>Status</c> is where the appointment stands.</summary>
public sealed record PublicityRow(
    Guid PublicityId,
    string CadreId,
    string UnitId,
    string DivisionCode,
    string ProposedPost,
    string BasicFacts,
    string ConductRecord,
    string ResidentialCommunity,
    Guid? VacancyId,
    string OpenedBy,
    DateTime OpenedAt,
    int ObjectionWorkingDays,
    DateTime WindowEndsAt,
    bool WindowClosed,
    string Status,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionReason);

/// <summary>Pre-appointment publicity (任前公示) and the objections it received: reporting's own records.</summary>
public static class PublicityStore
{
    private const string Columns =
        """
        publicity_id as PublicityId, cadre_id as CadreId, unit_id as UnitId, division_code as DivisionCode, proposed_post as ProposedPost,
        basic_facts as BasicFacts, conduct_record as ConductRecord, residential_community as ResidentialCommunity, vacancy_id as VacancyId,
        opened_by as OpenedBy, opened_at as OpenedAt, objection_working_days as ObjectionWorkingDays, window_ends_at as WindowEndsAt,
        window_closed as WindowClosed, status as Status, decided_by as DecidedBy, decided_at as DecidedAt, decision_reason as DecisionReason
        """;

    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, PublicityRow row, string idempotencyKey, byte[] requestHash,
        CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into publicities (publicity_id, cadre_id, unit_id, division_code, proposed_post, basic_facts, conduct_record, residential_community,
                vacancy_id, opened_by, opened_at, objection_working_days, window_ends_at, idempotency_key, request_hash)
            values (@PublicityId, @CadreId, @UnitId, @DivisionCode, @ProposedPost, @BasicFacts, @ConductRecord, @ResidentialCommunity,
                @VacancyId, @OpenedBy, @OpenedAt, @ObjectionWorkingDays, @WindowEndsAt, @idempotencyKey, @requestHash)
            on conflict (idempotency_key) do nothing
            """,
            new
            {
                row.PublicityId, row.CadreId, row.UnitId, row.DivisionCode, row.ProposedPost, row.BasicFacts, row.ConductRecord, row.ResidentialCommunity,
                row.VacancyId, row.OpenedBy, row.OpenedAt, row.ObjectionWorkingDays, row.WindowEndsAt, idempotencyKey, requestHash,
            }, ct) == 1;

    /// <summary>The row the key made, when the same request made it; null when the key was used for a different request.</summary>
    public static Task<PublicityRow?> ReplayAsync(NpgsqlTransaction transaction, string idempotencyKey, byte[] requestHash, CancellationToken ct) =>
        KeyedRows.ReplayAsync<PublicityRow>(transaction, "publicities", Columns, idempotencyKey, requestHash, ct);

    /// <summary>The publicity, locked against another instance moving it at the same time when <paramref name="forUpdate"/>.</summary>
    public static Task<PublicityRow?> FindAsync(NpgsqlTransaction transaction, Guid publicityId, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<PublicityRow>(
            $"select {Columns} from publicities where publicity_id = @publicityId" + (forUpdate ? " for update" : ""), new { publicityId }, ct);

    /// <summary>The publicities of these cadres whose appointment is still held or cleared, locked, in a fixed order.</summary>
    public static Task<IReadOnlyList<PublicityRow>> UndecidedForUpdateAsync(NpgsqlTransaction transaction, IReadOnlyList<string> cadreIds,
        CancellationToken ct) =>
        transaction.ListAsync<PublicityRow>(
            $"select {Columns} from publicities where cadre_id = any(@cadreIds) and status in ('held', 'cleared') order by publicity_id for update",
            new { cadreIds = cadreIds.ToArray() }, ct);

    public static Task MoveAsync(NpgsqlTransaction transaction, Guid publicityId, string status, bool windowClosed, CancellationToken ct) =>
        transaction.ExecuteAsync("update publicities set status = @status, window_closed = @windowClosed where publicity_id = @publicityId",
            new { publicityId, status, windowClosed }, ct);

    public static Task DecideAsync(NpgsqlTransaction transaction, Guid publicityId, string status, string decidedBy, DateTime at, string? reason,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            "update publicities set status = @status, decided_by = @decidedBy, decided_at = @at, decision_reason = @reason where publicity_id = @publicityId",
            new { publicityId, status, decidedBy, at, reason }, ct);

    /// <summary>Records the report an objection became; false when it was recorded already (a retry).</summary>
    public static async Task<bool> AddObjectionAsync(NpgsqlTransaction transaction, Guid publicityId, Guid reportId, string trackingNumber, DateTime at,
        CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into publicity_objections (publicity_id, report_id, tracking_number, submitted_at) values (@publicityId, @reportId, @trackingNumber, @at)
            on conflict do nothing
            """, new { publicityId, reportId, trackingNumber, at }, ct) == 1;

    /// <summary>
    /// The reports about the cadre not closed yet: those the log received naming the cadre, and the objections sent to intake
    /// (counted before their ReportReceived arrives), less those a CaseClosed in the log names. Objections of the
    /// publicity, open or not, are counted apart.
    /// </summary>
    public static async Task<(int OpenReports, int OpenObjections, int Objections)> HoldsAsync(NpgsqlTransaction transaction, Guid publicityId,
        string cadreId, CancellationToken ct)
    {
        var counts = await transaction.SingleOrDefaultAsync<HoldCounts>(
            """
            with about as (
                select (payload ->> 'reportId')::uuid as report_id from event_log
                where event_type = 'Supervision.Contracts.Events.Intake.ReportReceived'
                  and payload -> 'subjects' @> jsonb_build_array(jsonb_build_object('cadreId', @cadreId::text))
                union
                select o.report_id from publicity_objections o join publicities p on p.publicity_id = o.publicity_id where p.cadre_id = @cadreId
            ),
            open as (
                select report_id from about a
                where not exists (select 1 from event_log c where c.event_type = 'Supervision.Contracts.Events.Routing.CaseClosed'
                                  and c.payload -> 'reportIds' @> jsonb_build_array(a.report_id::text))
            )
            select (select count(*)::int from open) as OpenReports,
                   (select count(*)::int from publicity_objections o where o.publicity_id = @publicityId and o.report_id in (select report_id from open))
                       as OpenObjections,
                   (select count(*)::int from publicity_objections o where o.publicity_id = @publicityId) as Objections
            """, new { publicityId, cadreId }, ct);
        return (counts!.OpenReports, counts.OpenObjections, counts.Objections);
    }

    /// <summary>The cadres named by the reports of a closed case, as the log received them.</summary>
    public static async Task<IReadOnlyList<string>> CadresOfReportsAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds, CancellationToken ct) =>
        await transaction.ListAsync<string>(
            """
            select distinct s ->> 'cadreId' from event_log, jsonb_array_elements(payload -> 'subjects') s
            where event_type = 'Supervision.Contracts.Events.Intake.ReportReceived' and (payload ->> 'reportId')::uuid = any(@reportIds)
              and s ->> 'cadreId' is not null
            union
            select p.cadre_id from publicity_objections o join publicities p on p.publicity_id = o.publicity_id where o.report_id = any(@reportIds)
            """, new { reportIds = reportIds.ToArray() }, ct);

    /// <summary>Publicities in <paramref name="divisions"/>, newest first, before the keyset position.</summary>
    public static Task<IReadOnlyList<PublicityRow>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions,
        (DateTime At, Guid Id)? before, int limit, CancellationToken ct) =>
        transaction.ListAsync<PublicityRow>(
            $"""
            select {Columns} from publicities
            where division_code = any(@divisions) and (@beforeAt::timestamptz is null or (opened_at, publicity_id) < (@beforeAt::timestamptz, @beforeId))
            order by opened_at desc, publicity_id desc limit @limit
            """, new { divisions = divisions.ToArray(), beforeAt = before?.At, beforeId = before?.Id ?? Guid.Empty, limit }, ct);

    public sealed record HoldCounts(int OpenReports, int OpenObjections, int Objections);
}
