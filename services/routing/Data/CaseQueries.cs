using System.Globalization;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Localization;
using Supervision.Routing.V1;

namespace Supervision.Routing.Data;

/// <summary>Reads of cases for the handling API.</summary>
public sealed class CaseQueries(NpgsqlDataSource dataSource, CityDirectory directory, TimeProvider time)
{
    public async Task<Case?> GetAsync(Guid caseId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
            """
            select id as Id, state as State, category as Category, election_clock as ElectionClock, subject_cadre_id as SubjectCadreId,
                   receiving_division_code as ReceivingDivisionCode, lead_unit_id as LeadUnitId, outcome as Outcome, findings as Findings,
                   accountability_measures as AccountabilityMeasures, transfers as Transfers, opened_at as OpenedAt, close_by as CloseBy,
                   (state = 1 and exists(select 1 from deadlines d where d.case_id = cases.id and d.kind = 'dispatch' and d.fired_at is not null))
                       as DispatchOverdue,
                   public_summary as PublicSummary
            from cases where id = @caseId
            """, new { caseId }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }
        var result = new Case
        {
            CaseId = row.Id.ToString(),
            State = (CaseState)row.State,
            Category = row.Category,
            ElectionClock = row.ElectionClock,
            SubjectCadreId = row.SubjectCadreId ?? "",
            ReceivingDivisionCode = row.ReceivingDivisionCode,
            LeadUnitId = row.LeadUnitId ?? "",
            Outcome = (Outcome)row.Outcome,
            Findings = row.Findings,
            AccountabilityMeasures = row.AccountabilityMeasures,
            Transfers = row.Transfers,
            OpenedAt = Stamp(row.OpenedAt),
            CloseBy = Stamp(row.CloseBy),
            PublicSummary = row.PublicSummary ?? "",
        };
        result.Measures.AddRange((await OutcomeStore.MeasuresAsync(connection, caseId, ct))
            .Select(m => new AccountabilityMeasure { Kind = m.Kind, CadreId = m.CadreId, DecidedOn = m.DecidedOn.ToString("yyyy-MM-dd", null) }));
        result.AccusedUnitIds.AddRange(await connection.QueryAsync<string>(new CommandDefinition(
            "select unit_id from case_accused_units where case_id = @caseId order by added_at, unit_id", new { caseId }, cancellationToken: ct)));
        result.ReportIds.AddRange((await connection.QueryAsync<Guid>(new CommandDefinition(
            "select report_id from case_reports where case_id = @caseId order by attached_at, report_id", new { caseId }, cancellationToken: ct)))
            .Select(id => id.ToString()));
        var tasks = await connection.QueryAsync<TaskRow>(new CommandDefinition(
            """
            select unit_id as UnitId, lead as Lead, state as State, acknowledge_by as AcknowledgeBy, investigation_start_by as InvestigationStartBy,
                   close_by as CloseBy, overdue as Overdue, contribution as Contribution
            from case_tasks where case_id = @caseId order by lead desc, assigned_at, unit_id
            """, new { caseId }, cancellationToken: ct));
        result.Tasks.AddRange(tasks.Select(t => new CaseTask
        {
            UnitId = t.UnitId,
            Lead = t.Lead,
            State = t.State,
            AcknowledgeBy = t.AcknowledgeBy is null ? null : Stamp(t.AcknowledgeBy.Value),
            InvestigationStartBy = t.InvestigationStartBy is null ? null : Stamp(t.InvestigationStartBy.Value),
            CloseBy = Stamp(t.CloseBy),
            Overdue = t.Overdue,
            Contribution = t.Contribution,
        }));
        result.Overdue = row.DispatchOverdue || result.Tasks.Any(t => t.Overdue && t.State is not ("contributed" or "concluded" or "transferred"));
        // Worded in the caller's language; rows written before the keys read as stored.
        var culture = CultureInfo.CurrentUICulture;
        result.Decisions.AddRange((await connection.QueryAsync<(DateTime At, string Kind, string UnitId, string Reason, string? Key, string? Args)>(
                new CommandDefinition("select at, kind, unit_id, reason, wording_key, wording_args::text from case_decisions where case_id = @caseId order by id",
                    new { caseId }, cancellationToken: ct)))
            .Select(d => new RoutingDecision { At = Stamp(d.At), Kind = d.Kind, UnitId = d.UnitId, Reason = Phrase.Stored(d.Key, d.Args, d.Reason).In(culture, directory) }));
        result.Timeline.AddRange((await connection.QueryAsync<(DateTime At, string Kind, string UnitId, string Actor, string Description, string? Key, string? Args)>(
                new CommandDefinition(
                    "select at, kind, unit_id, actor, description, wording_key, wording_args::text from case_timeline where case_id = @caseId order by id",
                    new { caseId }, cancellationToken: ct)))
            .Select(e => new CaseEvent
            {
                At = Stamp(e.At), Kind = e.Kind, UnitId = e.UnitId, Actor = e.Actor, Description = Phrase.Stored(e.Key, e.Args, e.Description).In(culture, directory),
            }));
        return result;
    }

    /// <summary>The case's outcome notice; null until the lead concludes.</summary>
    public async Task<OutcomeNoticeRow?> NoticeAsync(Guid caseId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await OutcomeStore.NoticeAsync(connection, caseId, ct);
    }

    public async Task<Guid?> CaseOfReportAsync(Guid reportId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select case_id from case_reports where report_id = @reportId", new { reportId }, cancellationToken: ct));
    }

    /// <summary>The case of each of <paramref name="reportIds"/> that routing has placed in one.</summary>
    public async Task<IReadOnlyDictionary<Guid, Guid>> CasesOfReportsAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid ReportId, Guid CaseId)>(new CommandDefinition(
            "select report_id, case_id from case_reports where report_id = any(@reportIds)", new { reportIds = reportIds.ToArray() },
            cancellationToken: ct));
        return rows.ToDictionary(r => r.ReportId, r => r.CaseId);
    }

    /// <summary>Summaries of cases matching a filter, nearest deadline first (keyset on deadline, id).</summary>
    public async Task<IReadOnlyList<CaseSummary>> ListAsync(CaseListFilter filter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            """
            select * from (
            select c.id as Id, c.state as State, c.category as Category, c.election_clock as ElectionClock, c.lead_unit_id as LeadUnitId,
                   c.opened_at as OpenedAt,
                   (select count(*) from case_reports r where r.case_id = c.id)::int as ReportCount,
                   coalesce((select min(d.due_at) from deadlines d where d.case_id = c.id and d.met_at is null and d.fired_at is null), c.close_by) as NextDeadline,
                   (exists(select 1 from case_tasks t where t.case_id = c.id and t.overdue and t.state not in ('contributed', 'concluded', 'transferred'))
                    or (c.state = 1 and exists(select 1 from deadlines d where d.case_id = c.id and d.kind = 'dispatch' and d.fired_at is not null))) as Overdue
            from cases c
            where (@unitId::text is null or exists(select 1 from case_tasks t where t.case_id = c.id and t.unit_id = @unitId and t.state <> 'transferred'))
              and (@units::text[] is null or exists(select 1 from case_tasks t where t.case_id = c.id and t.unit_id = any(@units) and t.state <> 'transferred')
                   or (c.state = 1 and exists(select 1 from deadlines d where d.case_id = c.id and d.kind = 'dispatch' and d.unit_id = any(@units))))
              and (@dispatchDivisions::text[] is null or (c.state = 1 and c.dispatch_division_code = any(@dispatchDivisions)))
              and (@state::smallint is null or c.state = @state)
              and (@electionClock::boolean is null or c.election_clock = @electionClock)
              and (@caseIds::uuid[] is null or c.id = any(@caseIds))
            ) s
            where (not @overdueOnly or s.Overdue)
              and (not @dueSoonOnly or (s.State < 5 and s.NextDeadline <= @dueSoonBy))
              and (@afterAt::timestamptz is null or (s.NextDeadline, s.Id) > (@afterAt, @afterId))
            order by s.NextDeadline, s.Id
            limit @limit
            """, new
            {
                unitId = filter.UnitId, units = filter.Units?.ToArray(), dispatchDivisions = filter.DispatchDivisions?.ToArray(),
                state = filter.State, electionClock = filter.ElectionClock, overdueOnly = filter.OverdueOnly, dueSoonOnly = filter.DueSoonOnly,
                dueSoonBy = time.GetUtcNow().UtcDateTime + filter.DueSoonWithin, afterAt = filter.After?.Item1, afterId = filter.After?.Item2,
                limit = filter.Limit, caseIds = filter.CaseIds?.ToArray(),
            }, cancellationToken: ct));
        return rows
            .Select(r => new CaseSummary
            {
                CaseId = r.Id.ToString(),
                State = (CaseState)r.State,
                Category = r.Category,
                ElectionClock = r.ElectionClock,
                LeadUnitId = r.LeadUnitId ?? "",
                ReportCount = r.ReportCount,
                OpenedAt = Stamp(r.OpenedAt),
                NextDeadline = Stamp(r.NextDeadline),
                Overdue = r.Overdue,
            })
            .ToList();
    }

    public static Timestamp Stamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private sealed record CaseRow(Guid Id, short State, string Category, bool ElectionClock, string? SubjectCadreId, string ReceivingDivisionCode,
        string? LeadUnitId, short Outcome, string Findings, string AccountabilityMeasures, int Transfers, DateTime OpenedAt, DateTime CloseBy,
        bool DispatchOverdue, string? PublicSummary);

    private sealed record TaskRow(string UnitId, bool Lead, string State, DateTime? AcknowledgeBy, DateTime? InvestigationStartBy, DateTime CloseBy,
        bool Overdue, string Contribution);

    private sealed record SummaryRow(Guid Id, short State, string Category, bool ElectionClock, string? LeadUnitId, DateTime OpenedAt, int ReportCount,
        DateTime NextDeadline, bool Overdue);
}

public sealed record CaseListFilter(
    string? UnitId,
    IReadOnlyList<string>? Units,
    IReadOnlyList<string>? DispatchDivisions,
    short? State,
    bool? ElectionClock,
    bool OverdueOnly,
    bool DueSoonOnly,
    TimeSpan DueSoonWithin,
    (DateTime, Guid)? After,
    int Limit,
    IReadOnlyCollection<Guid>? CaseIds = null);
