using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>
/// A year's credibility result as stored; <c>DimensionScores</c> is the jsonb array as text. <c>AwaitingSurvey</c>: not a
/// result but a year with a target and no result yet, as staff listings show it (its id made from the division and year).
/// </summary>
public sealed record CredibilityResultRow(
    Guid ResultId,
    string DivisionCode,
    int Year,
    decimal Score,
    int? ProvincialRank,
    int? RankedPlaces,
    string DimensionScores,
    string Source,
    string Notes,
    int Revision,
    string RecordedBy,
    DateTime RecordedAt,
    DateTime? CorrectedAt,
    bool AwaitingSurvey = false);

/// <summary>A correction: the revision it replaced (its values as jsonb text), and who corrected it, when and why.</summary>
public sealed record CredibilityCorrectionRow(Guid ResultId, int Revision, string Previous, string Reason, string CorrectedBy, DateTime CorrectedAt);

public sealed record CredibilityTargetRow(string DivisionCode, int Year, decimal? TargetScore, int? TargetRank, string SetBy, DateTime SetAt);

/// <summary>The credibility of cadre selection (选人用人公信度): results, their corrections and the targets.</summary>
public static class CredibilityStore
{
    private const string Columns =
        """
        result_id as ResultId, division_code as DivisionCode, year as Year, score as Score, provincial_rank as ProvincialRank,
        ranked_places as RankedPlaces, dimension_scores::text as DimensionScores, source as Source, notes as Notes, revision as Revision,
        recorded_by as RecordedBy, recorded_at as RecordedAt, corrected_at as CorrectedAt, false as AwaitingSurvey
        """;

    private const string TargetColumns =
        "division_code as DivisionCode, year as Year, target_score as TargetScore, target_rank as TargetRank, set_by as SetBy, set_at as SetAt";

    /// <summary>Adds the first revision of the year's result; false when the division already has one for that year.</summary>
    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, CredibilityResultRow row, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into credibility_results (result_id, division_code, year, score, provincial_rank, ranked_places, dimension_scores, source, notes,
                revision, recorded_by, recorded_at)
            values (@ResultId, @DivisionCode, @Year, @Score, @ProvincialRank, @RankedPlaces, @DimensionScores::jsonb, @Source, @Notes, 1, @RecordedBy,
                @RecordedAt)
            on conflict (division_code, year) do nothing
            """, row, ct) == 1;

    /// <summary>The division's result of the year, locked against a concurrent correction when <paramref name="forUpdate"/>.</summary>
    public static Task<CredibilityResultRow?> FindAsync(NpgsqlTransaction transaction, string divisionCode, int year, bool forUpdate,
        CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<CredibilityResultRow>(
            $"select {Columns} from credibility_results where division_code = @divisionCode and year = @year" + (forUpdate ? " for update" : ""),
            new { divisionCode, year }, ct);

    /// <summary>Replaces the current values with the next revision and keeps the replaced ones, with the reason, in the corrections.</summary>
    public static async Task CorrectAsync(NpgsqlTransaction transaction, CredibilityResultRow corrected, string previous, string reason,
        CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            """
            insert into credibility_corrections (result_id, revision, previous, reason, corrected_by, corrected_at)
            values (@ResultId, @Revision - 1, @previous::jsonb, @reason, @RecordedBy, @CorrectedAt)
            """, new { corrected.ResultId, corrected.Revision, previous, reason, corrected.RecordedBy, corrected.CorrectedAt }, ct);
        await transaction.ExecuteAsync(
            """
            update credibility_results set score = @Score, provincial_rank = @ProvincialRank, ranked_places = @RankedPlaces,
                dimension_scores = @DimensionScores::jsonb, source = @Source, notes = @Notes, revision = @Revision, recorded_by = @RecordedBy,
                corrected_at = @CorrectedAt
            where result_id = @ResultId
            """, corrected, ct);
    }

    /// <summary>
    /// Results in <paramref name="divisions"/> within the years, newest year first, before the keyset position; with
    /// <paramref name="awaitingSurvey"/>, also the years that have a target and no result yet, in their place (keyed by an id
    /// made from the division and year, so the paging runs over both).
    /// </summary>
    public static Task<IReadOnlyList<CredibilityResultRow>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions, int fromYear,
        int toYear, (int Year, Guid Id)? before, int limit, bool awaitingSurvey, CancellationToken ct) =>
        transaction.ListAsync<CredibilityResultRow>(
            $"""
            select * from (
                select {Columns} from credibility_results where division_code = any(@divisions) and year between @fromYear and @toYear
                union all
                select md5('credibility-target:' || t.division_code || ':' || t.year)::uuid, t.division_code, t.year, 0::numeric, null::int, null::int,
                       '[]', '', '', 0, '', t.set_at, null::timestamptz, true
                from credibility_targets t
                where @awaitingSurvey and t.division_code = any(@divisions) and t.year between @fromYear and @toYear
                  and not exists (select 1 from credibility_results r where r.division_code = t.division_code and r.year = t.year)) listed
            where @beforeYear::int is null or (Year, ResultId) < (@beforeYear::int, @beforeId)
            order by Year desc, ResultId desc limit @limit
            """,
            new { divisions = divisions.ToArray(), fromYear, toYear, awaitingSurvey, beforeYear = before?.Year, beforeId = before?.Id ?? Guid.Empty, limit },
            ct);

    /// <summary>The results of the divisions from <paramref name="fromYear"/> to <paramref name="toYear"/>: what trends compare with.</summary>
    public static Task<IReadOnlyList<CredibilityResultRow>> YearsAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions, int fromYear,
        int toYear, CancellationToken ct) =>
        transaction.ListAsync<CredibilityResultRow>(
            $"select {Columns} from credibility_results where division_code = any(@divisions) and year between @fromYear and @toYear",
            new { divisions = divisions.ToArray(), fromYear, toYear }, ct);

    /// <summary>The corrections of the results, newest first.</summary>
    public static Task<IReadOnlyList<CredibilityCorrectionRow>> CorrectionsAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> resultIds,
        CancellationToken ct) =>
        transaction.ListAsync<CredibilityCorrectionRow>(
            """
            select result_id as ResultId, revision as Revision, previous::text as Previous, reason as Reason, corrected_by as CorrectedBy,
                corrected_at as CorrectedAt
            from credibility_corrections where result_id = any(@resultIds) order by revision desc
            """, new { resultIds = resultIds.ToArray() }, ct);

    /// <summary>Sets the year's target, replacing an earlier one.</summary>
    public static async Task<CredibilityTargetRow> SetTargetAsync(NpgsqlTransaction transaction, CredibilityTargetRow target, CancellationToken ct) =>
        (await transaction.SingleOrDefaultAsync<CredibilityTargetRow>(
            $"""
            insert into credibility_targets (division_code, year, target_score, target_rank, set_by, set_at)
            values (@DivisionCode, @Year, @TargetScore, @TargetRank, @SetBy, @SetAt)
            on conflict (division_code, year) do update set target_score = excluded.target_score, target_rank = excluded.target_rank,
                set_by = excluded.set_by, set_at = excluded.set_at
            returning {TargetColumns}
            """, target, ct))!;

    public static Task<IReadOnlyList<CredibilityTargetRow>> TargetsAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions, int fromYear,
        int toYear, CancellationToken ct) =>
        transaction.ListAsync<CredibilityTargetRow>(
            $"select {TargetColumns} from credibility_targets where division_code = any(@divisions) and year between @fromYear and @toYear",
            new { divisions = divisions.ToArray(), fromYear, toYear }, ct);

    /// <summary>Whether the division has a target for the year (the demo data sets one only where none is).</summary>
    public static async Task<bool> HasTargetAsync(NpgsqlTransaction transaction, string divisionCode, int year, CancellationToken ct) =>
        await transaction.ScalarAsync<bool>("select exists (select 1 from credibility_targets where division_code = @divisionCode and year = @year)",
            new { divisionCode, year }, ct);

    /// <summary>Two instances loading the demo data at once take turns.</summary>
    public static Task LockDemoAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('reporting-credibility-demo'))", null, ct);
}
