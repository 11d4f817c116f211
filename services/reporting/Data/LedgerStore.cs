using Npgsql;
using Supervision.Reporting.Domain;

namespace Supervision.Reporting.Data;

/// <summary>A ledger entry as stored; the domain's <see cref="LedgerEntry"/> once read.</summary>
public sealed record LedgerRow(Guid EntryId, short Source, string Kind, DateTime OccurredAt, string ArgsJson)
{
    public LedgerEntry ToEntry() => new(EntryId, (LedgerSource)Source, Kind, new DateTimeOffset(DateTime.SpecifyKind(OccurredAt, DateTimeKind.Utc)),
        System.Text.Json.JsonSerializer.Deserialize<string[]>(ArgsJson) ?? []);
}

/// <summary>What a ledger read asks for: one cadre or unit, some sources (none: all), a period, a page.</summary>
public sealed record LedgerQuery(string SubjectKind, string SubjectId, IReadOnlyList<LedgerSource> Sources, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>The SQL of the ledger projection (tables ledger_subjects and ledger_entries).</summary>
public static class LedgerStore
{
    public static Task AddSubjectAsync(NpgsqlTransaction transaction, Guid reportId, string kind, string id, CancellationToken ct) =>
        transaction.ExecuteAsync(
            "insert into ledger_subjects (report_id, subject_kind, subject_id) values (@reportId, @kind, @id) on conflict do nothing",
            new { reportId, kind, id }, ct);

    /// <summary>Adds an entry that names its subject, or is reached through a report's or a case's subjects; the same entry twice is one.</summary>
    public static Task AddAsync(NpgsqlTransaction transaction, LedgerEntry entry, (string Kind, string Id)? subject = null, Guid? reportId = null,
        Guid? caseId = null, CancellationToken ct = default) =>
        transaction.ExecuteAsync(
            """
            insert into ledger_entries (entry_id, source, kind, occurred_at, subject_kind, subject_id, report_id, case_id, args)
            values (@EntryId, @source, @Kind, @at, @subjectKind, @subjectId, @reportId, @caseId, @args)
            on conflict (entry_id) do nothing
            """,
            new
            {
                entry.EntryId, source = (short)entry.Source, entry.Kind, at = entry.OccurredAt.UtcDateTime, subjectKind = subject?.Kind,
                subjectId = subject?.Id, reportId, caseId, args = entry.Args.ToArray(),
            }, ct);

    /// <summary>
    /// A cadre's or unit's entries, newest first: those naming them, and those of the reports about them and of the cases
    /// opened for those reports (joined when read, so the order the events arrived in does not matter); and the early
    /// warnings about a cadre with the outcome of each reminder talk, read from reporting's own records, which no rebuild empties.
    /// </summary>
    public static Task<IReadOnlyList<LedgerRow>> ListAsync(NpgsqlTransaction transaction, LedgerQuery query, (DateTime At, Guid Id)? after, int limit,
        CancellationToken ct) =>
        transaction.ListAsync<LedgerRow>(
            """
            with reports as (select report_id from ledger_subjects where subject_kind = @kind and subject_id = @id),
            entries as (
                select e.entry_id, e.source, e.kind, e.occurred_at, e.args
                from ledger_entries e
                where (e.subject_kind = @kind and e.subject_id = @id)
                   or e.report_id in (select report_id from reports)
                   or e.case_id in (select c.case_id from case_reports c join reports r on r.report_id = c.report_id)
                union all
                select w.warning_id, @warning::smallint, 'early-warning', w.raised_at, array[w.rule_id] || w.args
                from early_warnings w where w.subject_kind = @kind and w.subject_id = @id
                union all
                select md5(w.warning_id::text || ':talk')::uuid, @warning::smallint, 'reminder-talk-' || w.talk_state, w.talk_recorded_at,
                    array[w.rule_id, coalesce(to_char(w.talk_held_on, 'YYYY-MM-DD'), ''), coalesce(w.talk_notes, '')]
                from early_warnings w where w.subject_kind = @kind and w.subject_id = @id and w.talk_recorded_at is not null)
            select e.entry_id as EntryId, e.source as Source, e.kind as Kind, e.occurred_at as OccurredAt, to_jsonb(e.args)::text as ArgsJson
            from entries e
            where (cardinality(@sources::smallint[]) = 0 or e.source = any(@sources::smallint[]))
              and (@from::timestamptz is null or e.occurred_at >= @from) and (@to::timestamptz is null or e.occurred_at < @to)
              and (@afterAt::timestamptz is null or (e.occurred_at, e.entry_id) < (@afterAt::timestamptz, @afterId::uuid))
            order by e.occurred_at desc, e.entry_id desc
            limit @limit
            """,
            new
            {
                kind = query.SubjectKind, id = query.SubjectId, warning = (short)LedgerSource.Warning, sources = query.Sources.Select(s => (short)s).ToArray(),
                from = query.From?.UtcDateTime, to = query.To?.UtcDateTime, afterAt = after is { } a ? DateTime.SpecifyKind(a.At, DateTimeKind.Utc) : (DateTime?)null, afterId = after?.Id, limit,
            }, ct);
}
