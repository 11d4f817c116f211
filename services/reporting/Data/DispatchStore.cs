using System.Text.Json;
using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>An open acknowledgement, closing or feedback that is overdue or falls due before the day ends, with the unit holding it.</summary>
public sealed record OpenDeadline(Guid CaseId, string UnitId, string Deadline, DateTime DueAt, bool ElectionClock);

public sealed record EscalationRow(Guid CaseId, string FromUnitId, string ToUnitId, DateTime At);

/// <summary>An election case not yet closed, and how far it has come.</summary>
public sealed record ElectionCaseRow(Guid CaseId, string? UnitId, DateTime OpenedAt, string State);

public sealed record DutyGapRow(Guid CaseId, string UnitId, DateTime At);

/// <summary>
/// What a daily dispatch holds, as stored: ids, kinds and numbers, and the interviews as recorded; words are added when it
/// is read, in the reader's language. Dispatches stored before interviews (or reminder talks) were kept have none (null).
/// </summary>
public sealed record DispatchContent(
    IReadOnlyList<ReceivedCount> Received,
    IReadOnlyList<OpenDeadline> Deadlines,
    IReadOnlyList<EscalationRow> Escalations,
    IReadOnlyList<ElectionCaseRow> ElectionCases,
    IReadOnlyList<DutyGapRow> DutyGaps,
    IReadOnlyList<InterviewRow>? InterviewsToday = null,
    IReadOnlyList<InterviewRow>? InterviewFollowUps = null,
    IReadOnlyList<EarlyWarningRow>? ReminderTalksOpen = null,
    IReadOnlyList<EarlyWarningRow>? ReminderTalksRecorded = null);

public sealed record StoredDispatch(DateOnly DispatchDate, DateTime GeneratedAt, DateTime PeriodFrom, DateTime PeriodTo, string Content)
{
    public DispatchContent Read() => JsonSerializer.Deserialize<DispatchContent>(Content, DispatchStore.Json)!;
}

public static class DispatchStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A date as the database driver takes it.</summary>
    private static DateTime Day(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

    public static async Task<bool> ExistsAsync(NpgsqlTransaction transaction, DateOnly date, CancellationToken ct) =>
        await transaction.ScalarAsync<bool>("select exists (select 1 from daily_dispatches where dispatch_date = @date::date)", new { date = Day(date) }, ct);

    /// <summary>Stores the dispatch of <paramref name="date"/> unless one exists; returns whether this one was stored.</summary>
    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, DateOnly date, DateTimeOffset generatedAt, DateTimeOffset from,
        DateTimeOffset to, DispatchContent content, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into daily_dispatches (dispatch_date, generated_at, period_from, period_to, content)
            values (@date::date, @generatedAt, @from, @to, @content::jsonb) on conflict (dispatch_date) do nothing
            """,
            new
            {
                date = Day(date), generatedAt = generatedAt.UtcDateTime, from = from.UtcDateTime, to = to.UtcDateTime,
                content = JsonSerializer.Serialize(content, Json),
            }, ct) == 1;

    public static Task<StoredDispatch?> FindAsync(NpgsqlTransaction transaction, DateOnly date, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<StoredDispatch>(
            """
            select dispatch_date as DispatchDate, generated_at as GeneratedAt, period_from as PeriodFrom, period_to as PeriodTo, content::text as Content
            from daily_dispatches where dispatch_date = @date::date
            """, new { date = Day(date) }, ct);

    /// <summary>Dispatches before <paramref name="before"/> (all when null), newest first.</summary>
    public static Task<IReadOnlyList<StoredDispatch>> ListAsync(NpgsqlTransaction transaction, DateOnly? before, int limit, CancellationToken ct) =>
        transaction.ListAsync<StoredDispatch>(
            """
            select dispatch_date as DispatchDate, generated_at as GeneratedAt, period_from as PeriodFrom, period_to as PeriodTo, content::text as Content
            from daily_dispatches where @before::date is null or dispatch_date < @before::date order by dispatch_date desc limit @limit
            """, new { before = before is { } day ? Day(day) : (DateTime?)null, limit }, ct);

    /// <summary>The open deadlines overdue at, or due before, <paramref name="endOfDay"/>, earliest first.</summary>
    public static Task<IReadOnlyList<OpenDeadline>> OpenDeadlinesAsync(NpgsqlTransaction transaction, DateTimeOffset endOfDay, CancellationToken ct) =>
        transaction.ListAsync<OpenDeadline>(
            """
            select case_id as CaseId, lead_unit_id as UnitId, 'acknowledge' as Deadline, acknowledge_by as DueAt, election_clock as ElectionClock
            from case_facts c
            where acknowledge_by < @endOfDay and lead_unit_id is not null and concluded_at is null and closed_at is null
              and lead_acknowledged_at is null
            union all
            select case_id, lead_unit_id, 'close', close_by, election_clock from case_facts
            where close_by < @endOfDay and lead_unit_id is not null and concluded_at is null and closed_at is null
            union all
            select case_id, lead_unit_id, 'feedback', feedback_by, election_clock from case_facts
            where feedback_by < @endOfDay and lead_unit_id is not null and feedback_at is null and closed_at is null
            order by 4, 1, 3
            """, new { endOfDay = endOfDay.UtcDateTime }, ct);

    public static Task<IReadOnlyList<EscalationRow>> EscalationsAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct) =>
        transaction.ListAsync<EscalationRow>(
            """
            select case_id as CaseId, from_unit_id as FromUnitId, to_unit_id as ToUnitId, at as At from escalations
            where at >= @from and at < @to order by at, case_id
            """, new { from = from.UtcDateTime, to = to.UtcDateTime }, ct);

    public static Task<IReadOnlyList<ElectionCaseRow>> OpenElectionCasesAsync(NpgsqlTransaction transaction, DateTimeOffset at, CancellationToken ct) =>
        transaction.ListAsync<ElectionCaseRow>(
            """
            select case_id as CaseId, lead_unit_id as UnitId, opened_at as OpenedAt,
                   case when feedback_at is not null then 'feedback-given'
                        when concluded_at is not null then 'concluded'
                        when lead_acknowledged_at is not null then 'acknowledged'
                        when lead_unit_id is not null then 'assigned'
                        else 'awaiting-dispatch' end as State
            from case_facts c where election_clock and closed_at is null and opened_at < @at order by opened_at, case_id
            """, new { at = at.UtcDateTime }, ct);

    public static Task<IReadOnlyList<DutyGapRow>> DutyGapsAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        transaction.ListAsync<DutyGapRow>(
            "select case_id as CaseId, unit_id as UnitId, at as At from duty_gaps where at >= @from and at < @to order by at, case_id, unit_id",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, ct);
}
