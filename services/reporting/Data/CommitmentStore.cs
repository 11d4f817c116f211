using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>A head's public commitment as stored; <c>DueBy</c> is yyyy-MM-dd.</summary>
public sealed record CommitmentRow(
    Guid CommitmentId,
    string UnitId,
    string DivisionCode,
    string CadreId,
    string Commitment,
    string DueBy,
    string PublishedBy,
    DateTime PublishedAt,
    string Status,
    string? Assessment,
    string? AssessedBy,
    DateTime? AssessedAt);

/// <summary>A version of a unit's code of conduct.</summary>
public sealed record CodeOfConductRow(string UnitId, int Version, string DivisionCode, string Text, string PublishedBy, DateTime PublishedAt);

/// <summary>Public commitments (承诺践诺) and codes of conduct (日常行为规范): reporting's own records.</summary>
public static class CommitmentStore
{
    private const string Columns =
        """
        commitment_id as CommitmentId, unit_id as UnitId, division_code as DivisionCode, cadre_id as CadreId, commitment as Commitment,
        to_char(due_by, 'YYYY-MM-DD') as DueBy, published_by as PublishedBy, published_at as PublishedAt, status as Status, assessment as Assessment,
        assessed_by as AssessedBy, assessed_at as AssessedAt
        """;

    private const string CodeColumns =
        "unit_id as UnitId, version as Version, division_code as DivisionCode, text as Text, published_by as PublishedBy, published_at as PublishedAt";

    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, CommitmentRow row, string idempotencyKey, byte[] requestHash, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into public_commitments (commitment_id, unit_id, division_code, cadre_id, commitment, due_by, published_by, published_at,
                idempotency_key, request_hash)
            values (@CommitmentId, @UnitId, @DivisionCode, @CadreId, @Commitment, @DueBy::date, @PublishedBy, @PublishedAt, @idempotencyKey, @requestHash)
            on conflict (idempotency_key) do nothing
            """,
            new
            {
                row.CommitmentId, row.UnitId, row.DivisionCode, row.CadreId, row.Commitment, row.DueBy, row.PublishedBy, row.PublishedAt,
                idempotencyKey, requestHash,
            }, ct) == 1;

    /// <summary>The row the key made, when the same request made it; null when the key was used for a different request.</summary>
    public static Task<CommitmentRow?> ReplayAsync(NpgsqlTransaction transaction, string idempotencyKey, byte[] requestHash, CancellationToken ct) =>
        KeyedRows.ReplayAsync<CommitmentRow>(transaction, "public_commitments", Columns, idempotencyKey, requestHash, ct);

    /// <summary>The commitment, locked against a second assessment when <paramref name="forUpdate"/>.</summary>
    public static Task<CommitmentRow?> FindAsync(NpgsqlTransaction transaction, Guid commitmentId, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<CommitmentRow>(
            $"select {Columns} from public_commitments where commitment_id = @commitmentId" + (forUpdate ? " for update" : ""), new { commitmentId }, ct);

    public static Task AssessAsync(NpgsqlTransaction transaction, Guid commitmentId, string status, string assessment, string assessedBy, DateTime at,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            update public_commitments set status = @status, assessment = @assessment, assessed_by = @assessedBy, assessed_at = @at
            where commitment_id = @commitmentId
            """, new { commitmentId, status, assessment, assessedBy, at }, ct);

    /// <summary>Commitments in <paramref name="divisions"/>, newest first, before the keyset position.</summary>
    public static Task<IReadOnlyList<CommitmentRow>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions,
        (DateTime At, Guid Id)? before, int limit, CancellationToken ct) =>
        transaction.ListAsync<CommitmentRow>(
            $"""
            select {Columns} from public_commitments
            where division_code = any(@divisions) and (@beforeAt::timestamptz is null or (published_at, commitment_id) < (@beforeAt::timestamptz, @beforeId))
            order by published_at desc, commitment_id desc limit @limit
            """, new { divisions = divisions.ToArray(), beforeAt = before?.At, beforeId = before?.Id ?? Guid.Empty, limit }, ct);

    /// <summary>Adds the next version of the unit's code; two instances publishing at once wait for each other, so versions have no gaps.</summary>
    public static async Task<CodeOfConductRow> AddCodeAsync(NpgsqlTransaction transaction, string unitId, string divisionCode, string text,
        string publishedBy, DateTime at, CancellationToken ct)
    {
        await transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('reporting-code-of-conduct:' || @unitId))", new { unitId }, ct);
        return (await transaction.SingleOrDefaultAsync<CodeOfConductRow>(
            $"""
            insert into codes_of_conduct (unit_id, version, division_code, text, published_by, published_at)
            select @unitId, coalesce(max(version), 0) + 1, @divisionCode, @text, @publishedBy, @at from codes_of_conduct where unit_id = @unitId
            returning {CodeColumns}
            """, new { unitId, divisionCode, text, publishedBy, at }, ct))!;
    }

    public static Task<CodeOfConductRow?> CurrentCodeAsync(NpgsqlTransaction transaction, string unitId, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<CodeOfConductRow>(
            $"select {CodeColumns} from codes_of_conduct where unit_id = @unitId order by version desc limit 1", new { unitId }, ct);
}
