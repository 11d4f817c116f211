using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>A problem found on a visit and the report intake made of it (once referred).</summary>
public sealed record VisitProblemRecord
{
    public Guid Id { get; init; }
    public Guid PlanId { get; init; }
    public Guid RecordId { get; init; }
    public string UnitId { get; init; } = "";
    public string Category { get; init; } = "";
    public string Account { get; init; } = "";
    public string? CadreId { get; init; }
    public string Status { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public Guid? ReportId { get; init; }
    public string? TrackingNumber { get; init; }
    public DateTime? ReferredAt { get; init; }
}

/// <summary>The visit problems' SQL, in the caller's transaction.</summary>
public static class VisitProblemStore
{
    private const string Columns =
        """
        id as Id, plan_id as PlanId, record_id as RecordId, unit_id as UnitId, category as Category, account as Account, cadre_id as CadreId,
        status as Status, created_at as CreatedAt, report_id as ReportId, tracking_number as TrackingNumber, referred_at as ReferredAt
        """;

    /// <summary>The same problem of the same record asked before: a retry sends it again under its own key, or finds it referred.</summary>
    public static Task<VisitProblemRecord?> FindSameAsync(NpgsqlTransaction transaction, Guid recordId, string category, string account,
        string? cadreId, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<VisitProblemRecord>(
            $"""
            select {Columns} from visit_problems
            where record_id = @recordId and category = @category and account = @account and cadre_id is not distinct from @cadreId
            order by created_at limit 1
            """, new { recordId, category, account, cadreId }, ct);

    public static Task InsertAsync(NpgsqlTransaction transaction, VisitProblemRecord problem, string createdBy, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into visit_problems (id, plan_id, record_id, unit_id, category, account, cadre_id, status, created_at, created_by)
            values (@Id, @PlanId, @RecordId, @UnitId, @Category, @Account, @CadreId, 'referring', @CreatedAt, @createdBy)
            """,
            new { problem.Id, problem.PlanId, problem.RecordId, problem.UnitId, problem.Category, problem.Account, problem.CadreId, problem.CreatedAt, createdBy },
            ct);

    public static Task MarkReferredAsync(NpgsqlTransaction transaction, Guid id, Guid reportId, string trackingNumber, byte[] sealedReceipt,
        DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            update visit_problems set status = 'referred', report_id = @reportId, tracking_number = @trackingNumber, sealed_receipt = @sealedReceipt,
                referred_at = coalesce(referred_at, @at)
            where id = @id
            """, new { id, reportId, trackingNumber, sealedReceipt, at = at.UtcDateTime }, ct);

    public static Task<VisitProblemRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<VisitProblemRecord>($"select {Columns} from visit_problems where id = @id", new { id }, ct);

    public static Task<IReadOnlyList<VisitProblemRecord>> ForPlanAsync(NpgsqlTransaction transaction, Guid planId, CancellationToken ct) =>
        transaction.ListAsync<VisitProblemRecord>($"select {Columns} from visit_problems where plan_id = @planId order by created_at, id",
            new { planId }, ct);

    /// <summary>Referred problems at <paramref name="unitIds"/> (null: any), newest first.</summary>
    public static Task<IReadOnlyList<VisitProblemRecord>> ListReferredAsync(NpgsqlTransaction transaction, IReadOnlyList<string>? unitIds,
        (DateTime At, Guid Id)? before, int size, CancellationToken ct) =>
        transaction.ListAsync<VisitProblemRecord>(
            $"""
            select {Columns} from visit_problems
            where report_id is not null and (@anyUnit or unit_id = any(@unitIds))
              and (@beforeAt::timestamptz is null or (created_at, id) < (@beforeAt, @beforeId))
            order by created_at desc, id desc limit @size
            """,
            new { anyUnit = unitIds is null, unitIds = unitIds?.ToArray() ?? [], beforeAt = before?.At, beforeId = before?.Id ?? Guid.Empty, size }, ct);
}
