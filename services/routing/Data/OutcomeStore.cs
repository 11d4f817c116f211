using Dapper;
using Npgsql;

namespace Supervision.Routing.Data;

/// <summary>
/// Whoever investigates, announces: a concluded case's accountability measures and its outcome notice.
/// A supplementary investigation that concludes again replaces both.
/// </summary>
public static class OutcomeStore
{
    public static async Task RecordAsync(NpgsqlTransaction transaction, Guid caseId, IReadOnlyList<MeasureTaken> measures, OutcomeNoticeRow notice,
        DateTimeOffset at, CancellationToken ct)
    {
        await transaction.ExecuteAsync("delete from accountability_measures where case_id = @caseId", new { caseId }, ct);
        foreach (var measure in measures)
        {
            await transaction.ExecuteAsync(
                "insert into accountability_measures (case_id, kind, cadre_id, decided_on, recorded_at) values (@caseId, @Kind, @CadreId, @decidedOn, @at)",
                new { caseId, measure.Kind, measure.CadreId, decidedOn = measure.DecidedOn.ToDateTime(TimeOnly.MinValue), at = at.UtcDateTime }, ct);
        }
        await transaction.ExecuteAsync(
            """
            insert into outcome_notices (case_id, unit_id, division_code, scope, text, outcome, issued_at)
            values (@CaseId, @UnitId, @DivisionCode, @Scope, @Text, @Outcome, @issuedAt)
            on conflict (case_id) do update set unit_id = excluded.unit_id, division_code = excluded.division_code, scope = excluded.scope,
                text = excluded.text, outcome = excluded.outcome, issued_at = excluded.issued_at
            """, new { notice.CaseId, notice.UnitId, notice.DivisionCode, notice.Scope, notice.Text, notice.Outcome, issuedAt = notice.IssuedAt }, ct);
    }

    public static async Task<IReadOnlyList<MeasureTaken>> MeasuresAsync(NpgsqlConnection connection, Guid caseId, CancellationToken ct) =>
        (await connection.QueryAsync<(string Kind, string CadreId, DateTime DecidedOn)>(new CommandDefinition(
            "select kind, cadre_id, decided_on from accountability_measures where case_id = @caseId order by id", new { caseId }, cancellationToken: ct)))
        .Select(m => new MeasureTaken(m.Kind, m.CadreId, DateOnly.FromDateTime(m.DecidedOn)))
        .ToList();

    public static Task<OutcomeNoticeRow?> NoticeAsync(NpgsqlConnection connection, Guid caseId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<OutcomeNoticeRow?>(new CommandDefinition(
            $"select {NoticeColumns} from outcome_notices where case_id = @caseId", new { caseId }, cancellationToken: ct));

    /// <summary>Public notices of the divisions, newest first (keyset on issued_at, case id, descending).</summary>
    public static async Task<IReadOnlyList<OutcomeNoticeRow>> PublicNoticesAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> divisionCodes,
        (DateTime At, Guid Id)? before, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<OutcomeNoticeRow>(new CommandDefinition(
            $"""
            select {NoticeColumns} from outcome_notices
            where scope = @scope and division_code = any(@divisionCodes)
              and (@beforeAt::timestamptz is null or (issued_at, case_id) < (@beforeAt, @beforeId))
            order by issued_at desc, case_id desc
            limit @limit
            """, new { scope = NoticeScopes.Public, divisionCodes = divisionCodes.ToArray(), beforeAt = before?.At, beforeId = before?.Id, limit },
            cancellationToken: ct))).ToList();
    }

    private const string NoticeColumns =
        "case_id as CaseId, unit_id as UnitId, division_code as DivisionCode, scope as Scope, text as Text, outcome as Outcome, issued_at as IssuedAt";
}

/// <summary>An accountability measure for a named cadre, decided on a date.</summary>
public sealed record MeasureTaken(string Kind, string CadreId, DateOnly DecidedOn);

public sealed record OutcomeNoticeRow(Guid CaseId, string UnitId, string DivisionCode, string Scope, string Text, short Outcome, DateTime IssuedAt);

/// <summary>Who may read an outcome notice, as stored.</summary>
public static class NoticeScopes
{
    public const string Unit = "unit";
    public const string Division = "division";
    public const string Public = "public";
}
