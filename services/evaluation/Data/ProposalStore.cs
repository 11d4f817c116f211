using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>A unit proposed for a targeted evaluation, the figures that made it one, and what staff decided.</summary>
public sealed record TargetedProposalRecord
{
    public Guid Id { get; init; }
    public string UnitId { get; init; } = "";
    public string DivisionCode { get; init; } = "";
    public int Complaints { get; init; }
    public double CityMedian { get; init; }
    public int WindowMonths { get; init; }
    public string Status { get; init; } = "";
    public DateTime ProposedAt { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? DismissalReason { get; init; }
    public Guid? DrawId { get; init; }
}

/// <summary>The complaint counts per unit (a projection of intake's and routing's events) and the proposals made from them.</summary>
public static class ProposalStore
{
    private const string Columns =
        """
        id as Id, unit_id as UnitId, division_code as DivisionCode, complaints as Complaints, city_median as CityMedian,
        window_months as WindowMonths, status as Status, proposed_at as ProposedAt, decided_at as DecidedAt, decided_by as DecidedBy,
        dismissal_reason as DismissalReason, draw_id as DrawId
        """;

    /// <summary>Intake received a report about <paramref name="unitIds"/>; the units of the counted complaint (none if routing has not opened it yet).</summary>
    public static Task<string[]?> ReceivedAsync(NpgsqlTransaction transaction, Guid reportId, IReadOnlyList<string> unitIds, DateTimeOffset at,
        CancellationToken ct) =>
        transaction.ScalarAsync<string[]>(
            """
            insert into unit_complaints (report_id, unit_ids, received_at) values (@reportId, @unitIds, @at)
            on conflict (report_id) do update set unit_ids = excluded.unit_ids, received_at = coalesce(unit_complaints.received_at, excluded.received_at)
            returning case when case_id is not null then unit_ids end
            """, new { reportId, unitIds = unitIds.ToArray(), at = at.UtcDateTime }, ct);

    /// <summary>Routing opened a case for the report; the units of the counted complaint (none if intake's event has not come yet).</summary>
    public static Task<string[]?> OpenedAsync(NpgsqlTransaction transaction, Guid reportId, Guid caseId, DateTimeOffset at, CancellationToken ct) =>
        transaction.ScalarAsync<string[]>(
            """
            insert into unit_complaints (report_id, case_id, opened_at) values (@reportId, @caseId, @at)
            on conflict (report_id) do update set case_id = coalesce(unit_complaints.case_id, excluded.case_id),
                opened_at = coalesce(unit_complaints.opened_at, excluded.opened_at)
            returning case when received_at is not null then unit_ids end
            """, new { reportId, caseId, at = at.UtcDateTime }, ct);

    /// <summary>Counted complaints about the unit received since <paramref name="since"/>.</summary>
    public static Task<long> CountAsync(NpgsqlTransaction transaction, string unitId, DateTimeOffset since, CancellationToken ct) =>
        transaction.ScalarAsync<long>(
            "select count(*) from unit_complaints where case_id is not null and @unitId = any(unit_ids) and received_at >= @since",
            new { unitId, since = since.UtcDateTime }, ct);

    /// <summary>The median of the counted complaints since <paramref name="since"/> over the units with at least one.</summary>
    public static async Task<double> CityMedianAsync(NpgsqlTransaction transaction, DateTimeOffset since, CancellationToken ct) =>
        await transaction.ScalarAsync<double?>(
            """
            select percentile_cont(0.5) within group (order by n) from (
                select count(*) as n from unit_complaints, unnest(unit_ids) as unit_id
                where case_id is not null and received_at >= @since group by unit_id) per_unit
            """, new { since = since.UtcDateTime }, ct) ?? 0;

    /// <summary>Whether the unit was proposed since <paramref name="since"/> (open, accepted or dismissed).</summary>
    public static Task<bool> ProposedSinceAsync(NpgsqlTransaction transaction, string unitId, DateTimeOffset since, CancellationToken ct) =>
        transaction.ScalarAsync<bool>("select exists (select 1 from targeted_proposals where unit_id = @unitId and proposed_at >= @since)",
            new { unitId, since = since.UtcDateTime }, ct);

    /// <summary>Inserts the proposal unless the unit already has an open one (another instance may have just made it).</summary>
    public static async Task<bool> TryInsertAsync(NpgsqlTransaction transaction, TargetedProposalRecord proposal, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into targeted_proposals (id, unit_id, division_code, complaints, city_median, window_months, status, proposed_at)
            values (@Id, @UnitId, @DivisionCode, @Complaints, @CityMedian, @WindowMonths, 'proposed', @ProposedAt)
            on conflict (unit_id) where status = 'proposed' do nothing
            """, proposal, ct) == 1;

    public static Task<TargetedProposalRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<TargetedProposalRecord>(
            $"select {Columns} from targeted_proposals where id = @id" + (forUpdate ? " for update" : ""), new { id }, ct);

    public static Task DecideAsync(NpgsqlTransaction transaction, Guid id, string status, DateTimeOffset at, string decidedBy, string? reason,
        Guid? drawId, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            update targeted_proposals set status = @status, decided_at = @at, decided_by = @decidedBy, dismissal_reason = @reason, draw_id = @drawId
            where id = @id
            """, new { id, status, at = at.UtcDateTime, decidedBy, reason, drawId }, ct);

    /// <summary>Proposals in <paramref name="divisions"/> (null: any), of <paramref name="status"/> (null: any), newest first.</summary>
    public static Task<IReadOnlyList<TargetedProposalRecord>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string>? divisions,
        string? status, (DateTime At, Guid Id)? before, int size, CancellationToken ct) =>
        transaction.ListAsync<TargetedProposalRecord>(
            $"""
            select {Columns} from targeted_proposals
            where (@anyDivision or division_code = any(@divisions)) and (@status::text is null or status = @status)
              and (@beforeAt::timestamptz is null or (proposed_at, id) < (@beforeAt, @beforeId))
            order by proposed_at desc, id desc limit @size
            """,
            new
            {
                anyDivision = divisions is null, divisions = divisions?.ToArray() ?? [], status, beforeAt = before?.At,
                beforeId = before?.Id ?? Guid.Empty, size,
            }, ct);
}
