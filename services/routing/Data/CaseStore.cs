using Npgsql;
using Supervision.Routing.Localization;

namespace Supervision.Routing.Data;

/// <summary>The case aggregate's rows: the case, its reports, its units' tasks, its decisions and its timeline.</summary>
public static class CaseStore
{
    public static async Task<bool> HoldsReportAsync(NpgsqlTransaction transaction, Guid reportId, CancellationToken ct) =>
        await transaction.ScalarAsync<bool>("select exists(select 1 from case_reports where report_id = @reportId)", new { reportId }, ct);

    public static Task<Guid?> CaseOfReportAsync(NpgsqlTransaction transaction, Guid reportId, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<Guid?>("select case_id from case_reports where report_id = @reportId", new { reportId }, ct);

    /// <summary>
    /// Serialises, until the transaction ends, every report about the same cadre and matter, then finds their open case:
    /// two statements in one round trip. The lookup runs once the lock is held, on a snapshot of its own (read committed),
    /// so it sees the case a concurrent report about the same subject has just committed.
    /// </summary>
    public static async Task<Guid?> LockSubjectAndFindOpenCaseAsync(NpgsqlTransaction transaction, string cadreId, string category, CancellationToken ct)
    {
        await WriteBehind.FlushAsync(transaction, ct);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))") { Parameters = { new() { Value = cadreId + "/" + category } } },
                new NpgsqlBatchCommand("select id from cases where subject_cadre_id = $1 and category = $2 and state < $3 order by opened_at limit 1")
                {
                    Parameters = { new() { Value = cadreId }, new() { Value = category }, new() { Value = CaseStates.Concluded } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // past the lock's row
        return await reader.ReadAsync(ct) ? reader.GetGuid(0) : null;
    }

    public static Task InsertAsync(NpgsqlTransaction transaction, NewCase c, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into cases (id, state, category, election_clock, subject_cadre_id, receiving_division_code, dispatch_division_code,
                lead_unit_id, opened_at, close_by)
            values (@Id, @State, @Category, @ElectionClock, @SubjectCadreId, @ReceivingDivisionCode, @DispatchDivisionCode, @LeadUnitId, @openedAt, @closeBy)
            """, new
            {
                c.Id, c.State, c.Category, c.ElectionClock, c.SubjectCadreId, c.ReceivingDivisionCode, c.DispatchDivisionCode, c.LeadUnitId,
                openedAt = c.OpenedAt.UtcDateTime, closeBy = c.CloseBy.UtcDateTime,
            }, ct);

    public static async Task<string> ReceivingDivisionAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        await transaction.ScalarAsync<string>("select receiving_division_code from cases where id = @caseId", new { caseId }, ct)
        ?? throw new InvalidOperationException($"No case {caseId}.");

    /// <summary>The case, with its row lock held until the transaction ends; null if no case has the id.</summary>
    public static Task<CaseHead?> LockAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<CaseHead>(
            """
            select state as State, lead_unit_id as LeadUnitId, dispatch_division_code as DispatchDivisionCode, election_clock as ElectionClock,
                   transfers as Transfers, subject_cadre_id as SubjectCadreId, outcome as Outcome, close_by as CloseBy
            from cases where id = @caseId for update
            """, new { caseId }, ct);

    public static Task SetStateAsync(NpgsqlTransaction transaction, Guid caseId, short state, CancellationToken ct) =>
        transaction.WriteAsync("update cases set state = @state where id = @caseId", new { state, caseId }, ct);

    public static Task SetLeadAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, bool countsAsTransfer, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            update cases set lead_unit_id = @unitId, state = @assigned, dispatch_division_code = null,
                transfers = transfers + case when @countsAsTransfer then 1 else 0 end where id = @caseId
            """, new { unitId, assigned = CaseStates.Assigned, countsAsTransfer, caseId }, ct);

    public static Task MoveToElectionClockAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset closeBy, CancellationToken ct) =>
        transaction.WriteAsync("update cases set election_clock = true, close_by = least(close_by, @closeBy) where id = @caseId",
            new { caseId, closeBy = closeBy.UtcDateTime }, ct);

    public static Task ConcludeAsync(NpgsqlTransaction transaction, Guid caseId, Conclusion conclusion, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            update cases set state = @concluded, outcome = @Outcome, findings = @Findings, accountability_measures = @Measures,
                public_summary = @PublicSummary, concluded_at = @at where id = @caseId
            """, new
            {
                concluded = CaseStates.Concluded, conclusion.Outcome, conclusion.Findings, conclusion.Measures, conclusion.PublicSummary,
                at = at.UtcDateTime, caseId,
            }, ct);

    public static Task RecordFeedbackAsync(NpgsqlTransaction transaction, Guid caseId, string result, bool closes, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            "update cases set state = @state, feedback_result = @result, feedback_at = @at, closed_at = case when @closes then @at end where id = @caseId",
            new { state = closes ? CaseStates.Closed : CaseStates.FeedbackGiven, result, at = at.UtcDateTime, closes, caseId }, ct);

    public static Task CloseAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync("update cases set state = @closed, closed_at = @at where id = @caseId",
            new { closed = CaseStates.Closed, at = at.UtcDateTime, caseId }, ct);

    public static Task ReopenAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset closeBy, CancellationToken ct) =>
        transaction.WriteAsync("update cases set state = @state, close_by = @closeBy, concluded_at = null where id = @caseId",
            new { state = CaseStates.UnderInvestigation, closeBy = closeBy.UtcDateTime, caseId }, ct);

    public static Task AttachReportAsync(NpgsqlTransaction transaction, Guid caseId, Guid reportId, bool realName, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync("insert into case_reports (report_id, case_id, attached_at, real_name) values (@reportId, @caseId, @at, @realName)",
            new { reportId, caseId, at = at.UtcDateTime, realName }, ct);

    public static Task AddAccusedAsync(NpgsqlTransaction transaction, Guid caseId, int position, string? cadreId, string unitId, bool mostSenior,
        CancellationToken ct) =>
        transaction.WriteAsync(
            "insert into case_subjects (case_id, position, cadre_id, unit_id, most_senior) values (@caseId, @position, @cadreId, @unitId, @mostSenior)",
            new { caseId, position, cadreId, unitId, mostSenior }, ct);

    public static Task<IReadOnlyList<Guid>> ReportIdsAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ListAsync<Guid>("select report_id from case_reports where case_id = @caseId order by attached_at, report_id", new { caseId }, ct);

    public static Task<IReadOnlyList<(Guid ReportId, bool RealName)>> ReportsAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ListAsync<(Guid, bool)>("select report_id, real_name from case_reports where case_id = @caseId order by attached_at", new { caseId }, ct);

    public static Task RecordResponseAsync(NpgsqlTransaction transaction, Guid reportId, bool accepted, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync("update case_reports set response = @response, responded_at = @at where report_id = @reportId",
            new { response = accepted ? "accepted" : "disputed", at = at.UtcDateTime, reportId }, ct);

    public static Task ClearResponsesAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.WriteAsync("update case_reports set response = null, responded_at = null where case_id = @caseId", new { caseId }, ct);

    /// <summary>Real-name reports whose reporter has not accepted the result.</summary>
    public static async Task<int> AwaitingAcceptanceAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        await transaction.ScalarAsync<int>(
            "select count(*)::int from case_reports where case_id = @caseId and real_name and response is distinct from 'accepted'", new { caseId }, ct);

    public static Task<TaskRow?> TaskAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<TaskRow>(
            "select lead as Lead, state as State, acknowledge_by as AcknowledgeBy from case_tasks where case_id = @caseId and unit_id = @unitId",
            new { caseId, unitId }, ct);

    public static Task InsertTaskAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, bool lead, DateTimeOffset at,
        DateTimeOffset? acknowledgeBy, DateTimeOffset? investigationStartBy, DateTimeOffset closeBy, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into case_tasks (case_id, unit_id, lead, state, assigned_at, acknowledge_by, investigation_start_by, close_by)
            values (@caseId, @unitId, @lead, @assigned, @at, @acknowledgeBy, @investigationStartBy, @closeBy)
            """, new
            {
                caseId, unitId, lead, assigned = TaskStates.Assigned, at = at.UtcDateTime, acknowledgeBy = acknowledgeBy?.UtcDateTime,
                investigationStartBy = investigationStartBy?.UtcDateTime, closeBy = closeBy.UtcDateTime,
            }, ct);

    public static Task RemoveTaskAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, CancellationToken ct) =>
        transaction.WriteAsync("delete from case_tasks where case_id = @caseId and unit_id = @unitId", new { caseId, unitId }, ct);

    public static Task AcknowledgeTaskAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync("update case_tasks set state = @acknowledged, acknowledged_at = @at where case_id = @caseId and unit_id = @unitId",
            new { acknowledged = TaskStates.Acknowledged, at = at.UtcDateTime, caseId, unitId }, ct);

    /// <summary>The first investigation step also counts as the acknowledgement.</summary>
    public static Task StartInvestigationAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            update case_tasks set state = @investigating, investigation_started_at = coalesce(investigation_started_at, @at),
                acknowledged_at = coalesce(acknowledged_at, @at)
            where case_id = @caseId and unit_id = @unitId
            """, new { investigating = TaskStates.Investigating, at = at.UtcDateTime, caseId, unitId }, ct);

    public static Task ContributeAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, string findings, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            "update case_tasks set state = @contributed, contribution = @findings, concluded_at = @at where case_id = @caseId and unit_id = @unitId",
            new { contributed = TaskStates.Contributed, findings, at = at.UtcDateTime, caseId, unitId }, ct);

    public static Task ConcludeTaskAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync("update case_tasks set state = @concluded, concluded_at = @at where case_id = @caseId and unit_id = @unitId",
            new { concluded = TaskStates.Concluded, at = at.UtcDateTime, caseId, unitId }, ct);

    public static Task TransferTaskAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, CancellationToken ct) =>
        transaction.WriteAsync("update case_tasks set state = @transferred where case_id = @caseId and unit_id = @unitId",
            new { transferred = TaskStates.Transferred, caseId, unitId }, ct);

    public static Task ReopenTaskAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, DateTimeOffset closeBy, CancellationToken ct) =>
        transaction.WriteAsync(
            "update case_tasks set state = @investigating, close_by = @closeBy, overdue = false where case_id = @caseId and unit_id = @unitId",
            new { investigating = TaskStates.Investigating, closeBy = closeBy.UtcDateTime, caseId, unitId }, ct);

    public static Task SetAcknowledgeByAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, DateTimeOffset acknowledgeBy, CancellationToken ct) =>
        transaction.WriteAsync("update case_tasks set acknowledge_by = @acknowledgeBy where case_id = @caseId and unit_id = @unitId",
            new { acknowledgeBy = acknowledgeBy.UtcDateTime, caseId, unitId }, ct);

    public static Task SetCloseByAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, DateTimeOffset closeBy, CancellationToken ct) =>
        transaction.WriteAsync("update case_tasks set close_by = @closeBy where case_id = @caseId and unit_id = @unitId",
            new { closeBy = closeBy.UtcDateTime, caseId, unitId }, ct);

    public static Task MarkOverdueAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, CancellationToken ct) =>
        transaction.WriteAsync("update case_tasks set overdue = true where case_id = @caseId and unit_id = @unitId", new { caseId, unitId }, ct);

    /// <summary>Every unit with a task in the case, in any state.</summary>
    public static Task<IReadOnlyList<string>> UnitsAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ListAsync<string>("select unit_id from case_tasks where case_id = @caseId", new { caseId }, ct);

    /// <summary>Every unit that leads or led the case.</summary>
    public static Task<IReadOnlyList<string>> LeadsAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ListAsync<string>("select unit_id from case_tasks where case_id = @caseId and lead", new { caseId }, ct);

    /// <summary>Co-units still working on the case (neither contributed nor transferred).</summary>
    public static Task<IReadOnlyList<string>> WorkingCoUnitsAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ListAsync<string>("select unit_id from case_tasks where case_id = @caseId and not lead and state not in (@contributed, @transferred)",
            new { caseId, contributed = TaskStates.Contributed, transferred = TaskStates.Transferred }, ct);

    /// <summary>Tasks not yet done: assigned, acknowledged or under investigation.</summary>
    public static Task<IReadOnlyList<OpenTask>> OpenTasksAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ListAsync<OpenTask>(
            """
            select unit_id as UnitId, acknowledged_at is not null as Acknowledged, close_by as CloseBy from case_tasks
            where case_id = @caseId and state in (@assigned, @acknowledged, @investigating)
            """, new { caseId, assigned = TaskStates.Assigned, acknowledged = TaskStates.Acknowledged, investigating = TaskStates.Investigating }, ct);

    public static Task AddDecisionAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, string kind, string unitId, Phrase reason,
        CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into case_decisions (case_id, at, kind, unit_id, reason, wording_key, wording_args)
            values (@caseId, @at, @kind, @unitId, @reason, @key, @args::jsonb)
            """, new { caseId, at = at.UtcDateTime, kind, unitId, reason = reason.Neutral, key = reason.Key, args = reason.ArgsJson }, ct);

    /// <summary>Records accused units of the case; a unit already recorded keeps its first source.</summary>
    public static Task AddAccusedUnitsAsync(NpgsqlTransaction transaction, Guid caseId, IEnumerable<string> unitIds, string source, DateTimeOffset at,
        CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into case_accused_units (case_id, unit_id, source, added_at) select @caseId, u, @source, @at from unnest(@unitIds) as u
            on conflict (case_id, unit_id) do nothing
            """, new { caseId, unitIds = unitIds.Distinct().ToArray(), source, at = at.UtcDateTime }, ct);

    /// <summary>Accused units of the case, in the order they were recorded.</summary>
    public static Task<IReadOnlyList<string>> AccusedUnitsAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ListAsync<string>("select unit_id from case_accused_units where case_id = @caseId order by added_at, unit_id", new { caseId }, ct);

    /// <summary>A timeline entry: its words as a phrase (key and arguments), and in Simplified Chinese for readers of the text column only.</summary>
    public static Task AddTimelineAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, string kind, string unitId, string actor,
        Phrase description, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into case_timeline (case_id, at, kind, unit_id, actor, description, wording_key, wording_args)
            values (@caseId, @at, @kind, @unitId, @actor, @text, @key, @args::jsonb)
            """, new { caseId, at = at.UtcDateTime, kind, unitId, actor, text = description.Neutral, key = description.Key, args = description.ArgsJson }, ct);
}

public sealed record NewCase(Guid Id, short State, string Category, bool ElectionClock, string? SubjectCadreId, string ReceivingDivisionCode,
    string? DispatchDivisionCode, string? LeadUnitId, DateTimeOffset OpenedAt, DateTimeOffset CloseBy);

public sealed record CaseHead(short State, string? LeadUnitId, string? DispatchDivisionCode, bool ElectionClock, int Transfers, string? SubjectCadreId,
    short Outcome, DateTime CloseBy)
{
    public DateTimeOffset CloseByUtc => new(DateTime.SpecifyKind(CloseBy, DateTimeKind.Utc));
}

public sealed record TaskRow(bool Lead, string State, DateTime? AcknowledgeBy);

public sealed record OpenTask(string UnitId, bool Acknowledged, DateTime CloseBy);

/// <summary>What the lead (or a co-unit) concludes; a co-unit's conclusion carries only its findings.</summary>
public sealed record Conclusion(short Outcome, string Findings, string Measures, string PublicSummary)
{
    public IReadOnlyList<MeasureTaken> Accountability { get; init; } = [];

    /// <summary>Unit, division or public (<see cref="NoticeScopes"/>).</summary>
    public string NoticeScope { get; init; } = NoticeScopes.Unit;

    /// <summary>Empty: the notice repeats the public summary.</summary>
    public string NoticeText { get; init; } = "";
}
