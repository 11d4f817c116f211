using Npgsql;
using Supervision.Reporting.Domain;

namespace Supervision.Reporting.Data;

/// <summary>An early warning as stored, with the reminder talk it proposed; <c>TalkHeldOn</c> is yyyy-MM-dd.</summary>
public sealed record EarlyWarningRow
{
    public required Guid WarningId { get; init; }
    public required string RuleId { get; init; }
    public required string SubjectKind { get; init; }
    public required string SubjectId { get; init; }
    public required string WindowKey { get; init; }
    public required DateTime RaisedAt { get; init; }
    /// <summary>The rule's kind, then the facts it read (a count and period, a finding, an outcome, a place).</summary>
    public required string[] Args { get; init; }
    public string TalkState { get; init; } = EarlyWarningChecks.Planned;
    public string? TalkNotes { get; init; }
    public string? TalkHeldOn { get; init; }
    public string? TalkDecidedBy { get; init; }
    public DateTime? TalkRecordedAt { get; init; }
}

/// <summary>Which warnings a list asks for: some cadres (null: all), a talk state (null: any).</summary>
public sealed record EarlyWarningQuery(IReadOnlyList<string>? CadreIds, string? TalkState);

/// <summary>The SQL of early warnings and their reminder talks (tables early_warning_rules and early_warnings).</summary>
public static class EarlyWarningStore
{
    private const string Columns =
        """
        warning_id as WarningId, rule_id as RuleId, subject_kind as SubjectKind, subject_id as SubjectId, window_key as WindowKey,
        raised_at as RaisedAt, args as Args, talk_state as TalkState, talk_notes as TalkNotes, to_char(talk_held_on, 'YYYY-MM-DD') as TalkHeldOn,
        talk_decided_by as TalkDecidedBy, talk_recorded_at as TalkRecordedAt
        """;

    /// <summary>Makes the stored rules those of the file: two instances starting together write the same rows.</summary>
    public static async Task ReplaceRulesAsync(NpgsqlTransaction transaction, IReadOnlyList<EarlyWarningRule> rules, CancellationToken ct)
    {
        await transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('reporting-early-warning-rules'))", null, ct);
        await transaction.ExecuteAsync("delete from early_warning_rules where not (rule_id = any(@ids))", new { ids = rules.Select(r => r.Id).ToArray() }, ct);
        foreach (var rule in rules)
        {
            await transaction.ExecuteAsync(
                """
                insert into early_warning_rules (rule_id, kind, reports, months, matches) values (@Id, @Kind, @Reports, @Months, @matches)
                on conflict (rule_id) do update set kind = excluded.kind, reports = excluded.reports, months = excluded.months, matches = excluded.matches
                """, new { rule.Id, rule.Kind, rule.Reports, rule.Months, matches = rule.Matches.ToArray() }, ct);
        }
    }

    public static async Task<IReadOnlyList<EarlyWarningRule>> RulesAsync(NpgsqlTransaction transaction, string kind, CancellationToken ct) =>
        (await transaction.ListAsync<(string Id, string Kind, int Reports, int Months, string[] Matches)>(
            "select rule_id, kind, reports, months, matches from early_warning_rules where kind = @kind order by rule_id", new { kind }, ct))
        .Select(r => new EarlyWarningRule(r.Id, r.Kind, r.Reports, r.Months, r.Matches)).ToList();

    /// <summary>Serializes the rules' reading of one cadre across instances: a count and the warning it fires commit before the next count.</summary>
    public static Task LockSubjectAsync(NpgsqlTransaction transaction, string subjectKind, string subjectId, CancellationToken ct) =>
        transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('reporting-early-warning:' || @subjectKind || ':' || @subjectId))",
            new { subjectKind, subjectId }, ct);

    /// <summary>The reports naming the cadre received in [from, to), as the projection holds them so far.</summary>
    public static Task<long> ReportsAboutAsync(NpgsqlTransaction transaction, string cadreId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        transaction.ScalarAsync<long>(
            """
            select count(*) from ledger_subjects s join report_facts f on f.report_id = s.report_id
            where s.subject_kind = 'cadre' and s.subject_id = @cadreId and f.received_at >= @from and f.received_at < @to
            """, new { cadreId, from = from.UtcDateTime, to = to.UtcDateTime }, ct);

    /// <summary>The concluded cases that reach a cadre through their reports, for one case or one report: (cadre, case, outcome, concluded at).</summary>
    public static Task<IReadOnlyList<(string CadreId, Guid CaseId, string Outcome, DateTime ConcludedAt)>> ConcludedCasesAsync(
        NpgsqlTransaction transaction, Guid? caseId, Guid? reportId, CancellationToken ct) =>
        transaction.ListAsync<(string CadreId, Guid CaseId, string Outcome, DateTime ConcludedAt)>(
            """
            select distinct s.subject_id, f.case_id, f.outcome, f.concluded_at
            from case_facts f join case_reports c on c.case_id = f.case_id
            join ledger_subjects s on s.report_id = c.report_id and s.subject_kind = 'cadre'
            where f.concluded_at is not null and f.outcome is not null and (f.case_id = @caseId or c.report_id = @reportId)
            order by 1, 2
            """, new { caseId, reportId }, ct);

    /// <summary>Fires the warning unless its rule already fired for this subject and window; returns whether it is new.</summary>
    public static async Task<bool> RaiseAsync(NpgsqlTransaction transaction, EarlyWarningRow warning, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into early_warnings (warning_id, rule_id, subject_kind, subject_id, window_key, raised_at, args)
            values (@WarningId, @RuleId, @SubjectKind, @SubjectId, @WindowKey, @RaisedAt, @Args)
            on conflict do nothing
            """, warning, ct) == 1;

    public static Task<EarlyWarningRow?> FindAsync(NpgsqlTransaction transaction, Guid warningId, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<EarlyWarningRow>(
            $"select {Columns} from early_warnings where warning_id = @warningId" + (forUpdate ? " for update" : ""), new { warningId }, ct);

    /// <summary>Records the talk's outcome once: false when it was recorded already.</summary>
    public static async Task<bool> RecordTalkAsync(NpgsqlTransaction transaction, EarlyWarningRow recorded, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            update early_warnings set talk_state = @TalkState, talk_notes = @TalkNotes, talk_held_on = @TalkHeldOn::date,
                talk_decided_by = @TalkDecidedBy, talk_recorded_at = @TalkRecordedAt
            where warning_id = @WarningId and talk_state = 'planned'
            """, recorded, ct) == 1;

    /// <summary>Warnings newest first, after the keyset position.</summary>
    public static Task<IReadOnlyList<EarlyWarningRow>> ListAsync(NpgsqlTransaction transaction, EarlyWarningQuery query, (DateTime At, Guid Id)? after,
        int limit, CancellationToken ct) =>
        transaction.ListAsync<EarlyWarningRow>(
            $"""
            select {Columns} from early_warnings
            where subject_kind = 'cadre' and (@cadres::text[] is null or subject_id = any(@cadres::text[]))
              and (@state::text is null or talk_state = @state)
              and (@afterAt::timestamptz is null or (raised_at, warning_id) < (@afterAt::timestamptz, @afterId::uuid))
            order by raised_at desc, warning_id desc limit @limit
            """,
            new { cadres = query.CadreIds?.ToArray(), state = query.TalkState, afterAt = after?.At, afterId = after?.Id, limit }, ct);

    /// <summary>Talks still planned, oldest warning first: the daily dispatch lists them.</summary>
    public static Task<IReadOnlyList<EarlyWarningRow>> PlannedAsync(NpgsqlTransaction transaction, DateTimeOffset raisedBefore, CancellationToken ct) =>
        transaction.ListAsync<EarlyWarningRow>(
            $"select {Columns} from early_warnings where talk_state = 'planned' and raised_at < @raisedBefore order by raised_at, warning_id",
            new { raisedBefore = raisedBefore.UtcDateTime }, ct);

    /// <summary>Talks whose outcome was recorded in [from, to), in the order they were recorded.</summary>
    public static Task<IReadOnlyList<EarlyWarningRow>> RecordedAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct) =>
        transaction.ListAsync<EarlyWarningRow>(
            $"select {Columns} from early_warnings where talk_recorded_at >= @from and talk_recorded_at < @to order by talk_recorded_at, warning_id",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, ct);
}
