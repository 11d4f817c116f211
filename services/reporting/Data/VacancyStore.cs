using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>A vacancy as stored, with the stage its selection is at.</summary>
public sealed record VacancyRow(
    Guid VacancyId,
    string UnitId,
    string DivisionCode,
    string Post,
    int Posts,
    string Requirements,
    string Method,
    string Procedure,
    string Stage,
    string PublishedBy,
    DateTime PublishedAt);

/// <summary>A completed stage of a selection and its candidates (properties: Dapper hands a text[] over as an Array, which no constructor takes).</summary>
public sealed record StageRow
{
    public required Guid VacancyId { get; init; }
    public required string Stage { get; init; }
    public required string[] CandidateCadreIds { get; init; }
    public required DateTime CompletedAt { get; init; }
}

/// <summary>Vacancies and their competitive selections (两公开五差额): reporting's own records.</summary>
public static class VacancyStore
{
    private const string Columns =
        """
        vacancy_id as VacancyId, unit_id as UnitId, division_code as DivisionCode, post as Post, posts as Posts, requirements as Requirements,
        method as Method, procedure as Procedure, stage as Stage, published_by as PublishedBy, published_at as PublishedAt
        """;

    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, VacancyRow row, string idempotencyKey, byte[] requestHash, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into vacancies (vacancy_id, unit_id, division_code, post, posts, requirements, method, procedure, stage, published_by, published_at,
                idempotency_key, request_hash)
            values (@VacancyId, @UnitId, @DivisionCode, @Post, @Posts, @Requirements, @Method, @Procedure, @Stage, @PublishedBy, @PublishedAt,
                @idempotencyKey, @requestHash)
            on conflict (idempotency_key) do nothing
            """,
            new
            {
                row.VacancyId, row.UnitId, row.DivisionCode, row.Post, row.Posts, row.Requirements, row.Method, row.Procedure, row.Stage,
                row.PublishedBy, row.PublishedAt, idempotencyKey, requestHash,
            }, ct) == 1;

    /// <summary>The row the key made, when the same request made it; null when the key was used for a different request.</summary>
    public static Task<VacancyRow?> ReplayAsync(NpgsqlTransaction transaction, string idempotencyKey, byte[] requestHash, CancellationToken ct) =>
        KeyedRows.ReplayAsync<VacancyRow>(transaction, "vacancies", Columns, idempotencyKey, requestHash, ct);

    /// <summary>The vacancy, locked against a second instance moving its selection at the same time when <paramref name="forUpdate"/>.</summary>
    public static Task<VacancyRow?> FindAsync(NpgsqlTransaction transaction, Guid vacancyId, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<VacancyRow>($"select {Columns} from vacancies where vacancy_id = @vacancyId" + (forUpdate ? " for update" : ""),
            new { vacancyId }, ct);

    public static async Task<IReadOnlySet<string>> CandidatesAsync(NpgsqlTransaction transaction, Guid vacancyId, string stage, CancellationToken ct) =>
        (await transaction.ScalarAsync<string[]>("select candidate_cadre_ids from selection_stages where vacancy_id = @vacancyId and stage = @stage",
            new { vacancyId, stage }, ct) ?? []).ToHashSet();

    public static async Task CompleteStageAsync(NpgsqlTransaction transaction, Guid vacancyId, string stage, IReadOnlyList<string> candidates, string next,
        string completedBy, DateTime at, CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            """
            insert into selection_stages (vacancy_id, stage, candidate_cadre_ids, completed_by, completed_at)
            values (@vacancyId, @stage, @candidates, @completedBy, @at)
            """, new { vacancyId, stage, candidates = candidates.ToArray(), completedBy, at }, ct);
        await transaction.ExecuteAsync("update vacancies set stage = @next where vacancy_id = @vacancyId", new { vacancyId, next }, ct);
    }

    public static Task<IReadOnlyList<StageRow>> StagesAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> vacancyIds, CancellationToken ct) =>
        transaction.ListAsync<StageRow>(
            """
            select vacancy_id as VacancyId, stage as Stage, candidate_cadre_ids as CandidateCadreIds, completed_at as CompletedAt
            from selection_stages where vacancy_id = any(@ids) order by completed_at
            """, new { ids = vacancyIds.ToArray() }, ct);

    /// <summary>Vacancies in <paramref name="divisions"/>, newest first, before the keyset position.</summary>
    public static Task<IReadOnlyList<VacancyRow>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions, (DateTime At, Guid Id)? before,
        int limit, CancellationToken ct) =>
        transaction.ListAsync<VacancyRow>(
            $"""
            select {Columns} from vacancies
            where division_code = any(@divisions) and (@beforeAt::timestamptz is null or (published_at, vacancy_id) < (@beforeAt::timestamptz, @beforeId))
            order by published_at desc, vacancy_id desc limit @limit
            """, new { divisions = divisions.ToArray(), beforeAt = before?.At, beforeId = before?.Id ?? Guid.Empty, limit }, ct);
}
