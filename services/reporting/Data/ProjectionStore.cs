using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Contracts.Events.Inspection;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;

namespace Supervision.Reporting.Data;

/// <summary>
/// The SQL of the projections. Every write is an upsert that gives the same row whatever order the events of one
/// case arrive in (each event type has its own queue), so replaying the log gives the numbers the live path gave.
/// </summary>
public static class ProjectionStore
{
    /// <summary>The projection tables, emptied before a rebuild; the event log is never among them.</summary>
    public static readonly string[] Tables =
        ["report_facts", "case_reports", "case_facts", "lead_assignments", "acknowledgements", "disputes", "escalations", "missed_deadlines",
         "duty_gaps", "rectification_items", "ledger_subjects", "ledger_entries", "unit_rankings", "election_clock_moves"];

    public static Task ClearAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        transaction.ExecuteAsync($"truncate {string.Join(", ", Tables)}", null, ct);

    public static async Task<long> RowsAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        await transaction.ScalarAsync<long>(string.Join(" + ", Tables.Select(t => $"(select count(*) from {t})")).Insert(0, "select "), null, ct);

    /// <summary>
    /// The report, with its case and that case's lead when the case came first (each event type has its own queue). The
    /// report's key is locked (<see cref="LockReportAsync"/>), then its case's row, so neither the report joining its case
    /// nor a change of lead can pass it unseen; the report then counts for the lead the bulletins count it for.
    /// </summary>
    public static async Task ReportReceivedAsync(NpgsqlTransaction transaction, ReportReceived e, CancellationToken ct)
    {
        await LockReportAsync(transaction, e.ReportId, ct);
        await transaction.ExecuteAsync(
            """
            with joined as (
                select f.case_id, f.lead_unit_id from case_reports cr join case_facts f on f.case_id = cr.case_id
                where cr.report_id = @ReportId for update of f)
            insert into report_facts (report_id, channel, category, receiving_division_code, election_related, received_at, case_id, lead_unit_id)
            values (@ReportId, @channel, @category, @ReceivingDivisionCode, @electionRelated, @receivedAt,
                    (select case_id from joined), (select lead_unit_id from joined))
            on conflict (report_id) do nothing
            """,
            new
            {
                e.ReportId, channel = (short)e.Channel, category = (short)e.Category, e.ReceivingDivisionCode,
                electionRelated = e.ElectionRelated || e.ElectionPeriod, receivedAt = e.ReceivedAt.UtcDateTime,
            }, ct);
    }

    /// <summary>
    /// The report joins its case: the case's row first (created or locked), then the report takes the case and its lead. Locked
    /// in the order a report's arrival locks them (<see cref="ReportReceivedAsync"/>), so either sees the other.
    /// </summary>
    public static async Task CaseOpenedAsync(NpgsqlTransaction transaction, CaseOpened e, CancellationToken ct)
    {
        await LockReportAsync(transaction, e.ReportId, ct);
        await transaction.ExecuteAsync(
            """
            insert into case_facts (case_id, election_clock, opened_at) values (@CaseId, @ElectionClock, @at)
            on conflict (case_id) do update set election_clock = case_facts.election_clock or excluded.election_clock,
                opened_at = least(case_facts.opened_at, excluded.opened_at)
            """, new { e.CaseId, e.ElectionClock, at = e.At.UtcDateTime }, ct);
        await transaction.ExecuteAsync(
            """
            with joined as (
                insert into case_reports (report_id, case_id) values (@ReportId, @CaseId)
                on conflict (report_id) do update set case_id = excluded.case_id returning report_id)
            update report_facts r set case_id = @CaseId, lead_unit_id = (select f.lead_unit_id from case_facts f where f.case_id = @CaseId)
            where r.report_id = @ReportId
            """, new { e.ReportId, e.CaseId }, ct);
    }

    /// <summary>
    /// Serializes what one report's arrival and its joining a case write (two queues, two instances): whichever comes second
    /// sees the other's row. Taken before the case's row is locked, always in that order. The key is one of
    /// <see cref="ReportLockBuckets"/> (reports sharing one only wait a moment for each other), so a rebuild, which replays
    /// every report in one transaction, holds at most that many locks, never one per report.
    /// </summary>
    private static Task LockReportAsync(NpgsqlTransaction transaction, Guid reportId, CancellationToken ct) =>
        transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('reporting-report'), hashtext(@reportId::text) & @buckets)",
            new { reportId, buckets = ReportLockBuckets - 1 }, ct);

    /// <summary>How many report locks there are (a power of two).</summary>
    public const int ReportLockBuckets = 1024;

    public static Task CaseAwaitingDispatchAsync(NpgsqlTransaction transaction, CaseAwaitingDispatch e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into case_facts (case_id, awaiting_dispatch_division, opened_at) values (@CaseId, @DivisionCode, @at)
            on conflict (case_id) do update set awaiting_dispatch_division = excluded.awaiting_dispatch_division,
                opened_at = least(case_facts.opened_at, excluded.opened_at)
            """, new { e.CaseId, e.DivisionCode, at = e.At.UtcDateTime }, ct);

    /// <summary>
    /// Keeps every lead assignment of the case and works the lead out from the whole set (<see cref="WorkOutLeadAsync"/>),
    /// so any arrival order gives the same row. The case's row is locked first, so two instances assigning the same case at
    /// once see each other's assignment.
    /// </summary>
    public static async Task CaseAssignedAsync(NpgsqlTransaction transaction, CaseAssigned e, CancellationToken ct)
    {
        if (!e.Lead)
        {
            return;
        }
        await LockCaseAsync(transaction, e.CaseId, ct);
        await transaction.ExecuteAsync(
            """
            insert into lead_assignments (case_id, unit_id, at, acknowledge_by, close_by) values (@CaseId, @UnitId, @at, @acknowledgeBy, @closeBy)
            on conflict do nothing
            """, new { e.CaseId, e.UnitId, at = e.At.UtcDateTime, acknowledgeBy = e.AcknowledgeBy?.UtcDateTime, closeBy = e.CloseBy.UtcDateTime }, ct);
        await WorkOutLeadAsync(transaction, e.CaseId, ct);
    }

    /// <summary>
    /// Every acknowledgement is kept; the lead's is worked out again (<see cref="WorkOutLeadAsync"/>), as the unit that
    /// acknowledged may be, or later become, the lead.
    /// </summary>
    public static async Task CaseAcknowledgedAsync(NpgsqlTransaction transaction, CaseAcknowledged e, CancellationToken ct)
    {
        await LockCaseAsync(transaction, e.CaseId, ct);
        await transaction.ExecuteAsync("insert into acknowledgements (case_id, unit_id, at) values (@CaseId, @UnitId, @at) on conflict do nothing",
            new { e.CaseId, e.UnitId, at = e.At.UtcDateTime }, ct);
        await WorkOutLeadAsync(transaction, e.CaseId, ct);
    }

    /// <summary>
    /// An election report joined the case: it is an election case from now on, its lead (if not yet acknowledged) runs
    /// against the hour from that report's receipt, and the case closes by the election deadline if that is sooner.
    /// </summary>
    public static async Task CaseMovedToElectionClockAsync(NpgsqlTransaction transaction, CaseMovedToElectionClock e, CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            "insert into case_facts (case_id, election_clock) values (@CaseId, true) on conflict (case_id) do update set election_clock = true",
            new { e.CaseId }, ct);
        await transaction.ExecuteAsync(
            """
            insert into election_clock_moves (case_id, units_to_acknowledge, acknowledge_by, close_by, at)
            values (@CaseId, @units, @acknowledgeBy, @closeBy, @at) on conflict do nothing
            """,
            new { e.CaseId, units = e.UnitsToAcknowledge.ToArray(), acknowledgeBy = e.AcknowledgeBy.UtcDateTime, closeBy = e.CloseBy.UtcDateTime, at = e.At.UtcDateTime },
            ct);
        await WorkOutLeadAsync(transaction, e.CaseId, ct);
    }

    /// <summary>The case's row, created if its first event is still on the way, and locked until the transaction ends.</summary>
    private static Task LockCaseAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ExecuteAsync("insert into case_facts (case_id) values (@caseId) on conflict (case_id) do update set case_id = excluded.case_id",
            new { caseId }, ct);

    /// <summary>
    /// The lead and its clock, from the sets the events left, so any arrival order gives the same row:
    /// <list type="bullet">
    /// <item>A unit is lead once (routing refuses a transfer back), so the unit whose first assignment is the latest holds the
    /// case; a joining report's repeat of the lead (no acknowledgement deadline, its moment taken before routing locked the
    /// case) never moves the lead.</item>
    /// <item>The lead's acknowledgement is its earliest at or after it became lead. A co-unit promoted to lead gets a fresh
    /// task and window (routing's TransferAsync): an acknowledgement it made as co-unit does not meet the lead's deadline.</item>
    /// <item>Its acknowledgement deadline is the latest one set for it: by its own assignment (a transfer opens a new window) or
    /// by a move to the election clock that named it (made while it led the case and had not acknowledged).</item>
    /// <item>The closing deadline is the one its latest assignment carried, or the election clock's if sooner.</item>
    /// <item>The case's reports carry the lead (report_facts.lead_unit_id), which the bulletins count reports received by.</item>
    /// </list>
    /// </summary>
    private static Task WorkOutLeadAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            with lead as (
            update case_facts f set
                lead_unit_id = l.unit_id,
                assigned_at = l.since,
                lead_acknowledged_at = (select min(a.at) from acknowledgements a where a.case_id = l.case_id and a.unit_id = l.unit_id and a.at >= l.since),
                acknowledge_by = (select d.due from (
                        select a.at, a.acknowledge_by as due from lead_assignments a
                        where a.case_id = l.case_id and a.unit_id = l.unit_id and a.acknowledge_by is not null
                        union all
                        select m.at, m.acknowledge_by from election_clock_moves m
                        where m.case_id = l.case_id and l.unit_id = any(m.units_to_acknowledge) and m.at >= l.since) d
                    order by d.at desc, d.due limit 1),
                close_by = least((select a.close_by from lead_assignments a where a.case_id = l.case_id and a.unit_id = l.unit_id order by a.at desc limit 1),
                                 (select m.close_by from election_clock_moves m where m.case_id = l.case_id))
            from (select case_id, unit_id, min(at) as since from lead_assignments where case_id = @caseId
                  group by case_id, unit_id order by min(at) desc, unit_id desc limit 1) l
            where f.case_id = l.case_id
            returning f.case_id, f.lead_unit_id)
            -- The case's reports count for its lead: a transfer or promotion moves them along.
            update report_facts r set lead_unit_id = lead.lead_unit_id from lead
            where r.case_id = lead.case_id and r.lead_unit_id is distinct from lead.lead_unit_id
            """, new { caseId }, ct);

    /// <summary>The first conclusion counts for closing on time; its feedback deadline is the one the unit runs against.</summary>
    public static Task CaseConcludedAsync(NpgsqlTransaction transaction, CaseConcluded e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into case_facts (case_id, concluded_at, outcome, feedback_by) values (@CaseId, @at, @Outcome, @feedbackBy)
            on conflict (case_id) do update set
                outcome = case when case_facts.concluded_at is null or excluded.concluded_at < case_facts.concluded_at
                               then excluded.outcome else case_facts.outcome end,
                feedback_by = case when case_facts.concluded_at is null or excluded.concluded_at < case_facts.concluded_at
                                   then excluded.feedback_by else case_facts.feedback_by end,
                concluded_at = least(case_facts.concluded_at, excluded.concluded_at)
            """, new { e.CaseId, at = e.At.UtcDateTime, e.Outcome, feedbackBy = e.FeedbackBy?.UtcDateTime }, ct);

    public static Task FeedbackGivenAsync(NpgsqlTransaction transaction, FeedbackGiven e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into case_facts (case_id, feedback_at, real_name_feedback) values (@CaseId, @at, @realName)
            on conflict (case_id) do update set feedback_at = least(case_facts.feedback_at, excluded.feedback_at),
                real_name_feedback = case_facts.real_name_feedback or excluded.real_name_feedback
            """, new { e.CaseId, at = e.At.UtcDateTime, realName = e.RealNameReportIds.Count > 0 }, ct);

    public static Task CaseClosedAsync(NpgsqlTransaction transaction, CaseClosed e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into case_facts (case_id, closed_at) values (@CaseId, @at)
            on conflict (case_id) do update set closed_at = greatest(case_facts.closed_at, excluded.closed_at)
            """, new { e.CaseId, at = e.At.UtcDateTime }, ct);

    public static Task CaseDisputedAsync(NpgsqlTransaction transaction, CaseDisputed e, CancellationToken ct) =>
        transaction.ExecuteAsync("insert into disputes (case_id, report_id, at) values (@CaseId, @ReportId, @at) on conflict do nothing",
            new { e.CaseId, e.ReportId, at = e.At.UtcDateTime }, ct);

    public static Task CaseEscalatedAsync(NpgsqlTransaction transaction, CaseEscalated e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            "insert into escalations (case_id, from_unit_id, to_unit_id, at) values (@CaseId, @FromUnitId, @ToUnitId, @at) on conflict do nothing",
            new { e.CaseId, e.FromUnitId, e.ToUnitId, at = e.At.UtcDateTime }, ct);

    public static Task CaseOverdueAsync(NpgsqlTransaction transaction, CaseOverdue e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into missed_deadlines (case_id, unit_id, deadline, due_at, at) values (@CaseId, @UnitId, @Deadline, @dueAt, @at)
            on conflict do nothing
            """, new { e.CaseId, e.UnitId, e.Deadline, dueAt = e.DueAt.UtcDateTime, at = e.At.UtcDateTime }, ct);

    /// <summary>
    /// An item's latest move gives its state and deadline (ties broken by the state's name, so any order gives the same row);
    /// its first verification is when the rectification was completed.
    /// </summary>
    public static Task RectificationItemChangedAsync(NpgsqlTransaction transaction, RectificationItemChanged e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into rectification_items (item_id, tour_id, finding_id, responsible_unit_id, deadline, opened_at, verified_at, state, state_at)
            values (@ItemId, @TourId, @FindingId, @ResponsibleUnitId, @deadline::date, @at, case when @ToState = 'verified' then @at end, @ToState, @at)
            on conflict (item_id) do update set
                opened_at = least(rectification_items.opened_at, excluded.opened_at),
                verified_at = least(rectification_items.verified_at, excluded.verified_at),
                responsible_unit_id = case when (excluded.state_at, excluded.state) >= (rectification_items.state_at, rectification_items.state)
                                           then excluded.responsible_unit_id else rectification_items.responsible_unit_id end,
                deadline = case when (excluded.state_at, excluded.state) >= (rectification_items.state_at, rectification_items.state)
                                then excluded.deadline else rectification_items.deadline end,
                state = case when (excluded.state_at, excluded.state) >= (rectification_items.state_at, rectification_items.state)
                             then excluded.state else rectification_items.state end,
                state_at = greatest(rectification_items.state_at, excluded.state_at)
            """,
            new
            {
                e.ItemId, e.TourId, e.FindingId, e.ResponsibleUnitId, deadline = e.Deadline.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
                e.ToState, at = e.At.UtcDateTime,
            }, ct);

    /// <summary>A rectification deadline passed before verification: a missed deadline of its unit, named in the bulletins.</summary>
    public static Task RectificationOverdueAsync(NpgsqlTransaction transaction, RectificationOverdue e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into missed_deadlines (case_id, unit_id, deadline, due_at, at) values (@ItemId, @ResponsibleUnitId, 'rectification', @dueAt, @at)
            on conflict do nothing
            """, new { e.ItemId, e.ResponsibleUnitId, dueAt = e.Deadline.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), at = e.At.UtcDateTime }, ct);

    /// <summary>A notification that found nobody on the unit's duty roster is a gap the daily dispatch names.</summary>
    public static Task CaseNotifiedAsync(NpgsqlTransaction transaction, CaseNotified e, CancellationToken ct) =>
        e.DutyOfficer is null
            ? transaction.ExecuteAsync("insert into duty_gaps (case_id, unit_id, kind, at) values (@CaseId, @UnitId, @Kind, @at) on conflict do nothing",
                new { e.CaseId, e.UnitId, e.Kind, at = e.At.UtcDateTime }, ct)
            : Task.CompletedTask;

    /// <summary>A unit's final place when a scoring session closed: the panel score the bulletins show.</summary>
    public static Task UnitRankedAsync(NpgsqlTransaction transaction, UnitRanked e, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into unit_rankings (session_id, unit_id, group_name, place, ranked_units, score, closed_at)
            values (@SessionId, @UnitId, @Group, @Rank, @RankedUnits, @Score, @closedAt)
            on conflict do nothing
            """, new { e.SessionId, e.UnitId, e.Group, e.Rank, e.RankedUnits, e.Score, closedAt = e.ClosedAt.UtcDateTime }, ct);
}
