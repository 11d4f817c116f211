using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>
/// One unit's counts over a period, as its lead cases give them. A case counts in the period its deadline was met or
/// passed (the earlier of the two), so each acknowledgement, closing and feedback is judged once, in one period.
/// </summary>
public sealed record UnitCounts
{
    public string UnitId { get; init; } = "";
    public int ReportsReceived { get; init; }
    public int CasesOpened { get; init; }
    public int ElectionCases { get; init; }
    public int AcknowledgementsDue { get; init; }
    public int AcknowledgedOnTime { get; init; }
    public int ClosingsDue { get; init; }
    public int ClosedOnTime { get; init; }
    public int FeedbackDue { get; init; }
    public int FeedbackOnTime { get; init; }
    public int Concluded { get; init; }
    public int Substantiated { get; init; }
    public int RealNameFeedback { get; init; }
    public int Disputed { get; init; }
    public int Escalations { get; init; }
    public int DeadlinesMissed { get; init; }
    public int RectificationsDue { get; init; }
    public int RectifiedOnTime { get; init; }

    public static UnitCounts operator +(UnitCounts a, UnitCounts b) => new()
    {
        UnitId = a.UnitId,
        ReportsReceived = a.ReportsReceived + b.ReportsReceived,
        CasesOpened = a.CasesOpened + b.CasesOpened,
        ElectionCases = a.ElectionCases + b.ElectionCases,
        AcknowledgementsDue = a.AcknowledgementsDue + b.AcknowledgementsDue,
        AcknowledgedOnTime = a.AcknowledgedOnTime + b.AcknowledgedOnTime,
        ClosingsDue = a.ClosingsDue + b.ClosingsDue,
        ClosedOnTime = a.ClosedOnTime + b.ClosedOnTime,
        FeedbackDue = a.FeedbackDue + b.FeedbackDue,
        FeedbackOnTime = a.FeedbackOnTime + b.FeedbackOnTime,
        Concluded = a.Concluded + b.Concluded,
        Substantiated = a.Substantiated + b.Substantiated,
        RealNameFeedback = a.RealNameFeedback + b.RealNameFeedback,
        Disputed = a.Disputed + b.Disputed,
        Escalations = a.Escalations + b.Escalations,
        DeadlinesMissed = a.DeadlinesMissed + b.DeadlinesMissed,
        RectificationsDue = a.RectificationsDue + b.RectificationsDue,
        RectifiedOnTime = a.RectifiedOnTime + b.RectifiedOnTime,
    };
}

/// <summary>Reports received in a period by channel and receiving division.</summary>
public sealed record ReceivedCount(short Channel, string DivisionCode, int Reports);

/// <summary>The SQL behind the indicators: counts per lead unit, summed by the domain per county.</summary>
public static class IndicatorQueries
{
    /// <summary>
    /// Counts per unit for [from, to), judged as things stood at <paramref name="asOf"/>. A rectification item's deadline is
    /// a local date: it is met when the team verified the item before that day ended (<paramref name="timeZoneOffset"/>).
    /// </summary>
    public static async Task<IReadOnlyList<UnitCounts>> PerUnitAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to,
        DateTimeOffset asOf, TimeSpan timeZoneOffset, CancellationToken ct)
    {
        var period = new { from = from.UtcDateTime, to = to.UtcDateTime, asOf = asOf.UtcDateTime };
        // Every unit that ever led a case has its row, as before, found by skipping along the index (a few hundred probes).
        var leads = await transaction.ListAsync<string>(
            """
            with recursive units (id) as (
                (select lead_unit_id from case_facts where lead_unit_id is not null order by lead_unit_id limit 1)
                union all
                select (select f.lead_unit_id from case_facts f where f.lead_unit_id > units.id order by f.lead_unit_id limit 1)
                from units where units.id is not null
            )
            select id from units where id is not null
            """, null, ct);
        var cases = await transaction.ListAsync<UnitCounts>(
            """
            with k as (
                -- Only cases with a moment at or after the period's start can count in it: each key below is the earlier of a moment
                -- and a deadline, so it is never later than the latest of the case's moments. The index on that moment carries every
                -- column read here (0010_bulletin_slice_index.sql), so the slice is an index-only scan, grouped as it is read; the
                -- lead's acknowledgement is a column the projection keeps (0010_bulletin_lead_acknowledgement.sql). Disputes are
                -- looked up (one hashed read of the table) only for the real-name feedback of the period, the only rows counting them.
                select f.lead_unit_id, f.opened_at, f.election_clock, f.acknowledge_by, f.lead_acknowledged_at as acknowledged_at, f.close_by,
                       f.concluded_at, f.outcome, f.feedback_by, f.feedback_at, f.real_name_feedback,
                       case when f.acknowledge_by is not null then least(f.lead_acknowledged_at, f.acknowledge_by) end as ack_key,
                       least(f.concluded_at, f.close_by) as close_key,
                       case when f.feedback_by is not null then least(f.feedback_at, f.feedback_by) end as feedback_key,
                       case when f.real_name_feedback and f.feedback_at >= @from and f.feedback_at < @to and f.feedback_at <= @asOf
                            then f.case_id in (select d.case_id from disputes d where d.at <= @asOf) else false end as disputed
                from case_facts f
                where f.lead_unit_id is not null
                  and greatest(f.opened_at, f.acknowledge_by, f.close_by, f.concluded_at, f.feedback_by, f.feedback_at) >= @from
            )
            select lead_unit_id as UnitId,
                count(*) filter (where opened_at >= @from and opened_at < @to)::int as CasesOpened,
                count(*) filter (where election_clock and opened_at >= @from and opened_at < @to)::int as ElectionCases,
                count(*) filter (where ack_key >= @from and ack_key < @to and ack_key <= @asOf)::int as AcknowledgementsDue,
                count(*) filter (where ack_key >= @from and ack_key < @to and ack_key <= @asOf and acknowledged_at <= acknowledge_by)::int as AcknowledgedOnTime,
                count(*) filter (where close_key >= @from and close_key < @to and close_key <= @asOf)::int as ClosingsDue,
                count(*) filter (where close_key >= @from and close_key < @to and close_key <= @asOf and concluded_at <= close_by)::int as ClosedOnTime,
                count(*) filter (where feedback_key >= @from and feedback_key < @to and feedback_key <= @asOf)::int as FeedbackDue,
                count(*) filter (where feedback_key >= @from and feedback_key < @to and feedback_key <= @asOf and feedback_at <= feedback_by)::int as FeedbackOnTime,
                count(*) filter (where concluded_at >= @from and concluded_at < @to and concluded_at <= @asOf)::int as Concluded,
                count(*) filter (where concluded_at >= @from and concluded_at < @to and concluded_at <= @asOf
                                   and outcome in ('substantiated', 'partly substantiated'))::int as Substantiated,
                count(*) filter (where real_name_feedback and feedback_at >= @from and feedback_at < @to and feedback_at <= @asOf)::int as RealNameFeedback,
                count(*) filter (where real_name_feedback and feedback_at >= @from and feedback_at < @to and feedback_at <= @asOf and disputed)::int as Disputed
            from k group by lead_unit_id
            """, period, ct);
        // Each report carries its case's current lead (0011_report_lead_unit.sql): the period's reports are one range of the index
        // on their moment, which carries the lead too, grouped as read; no join with case_reports or case_facts.
        var received = await CountsAsync(transaction,
            """
            select lead_unit_id as UnitId, count(*)::int as Count from report_facts
            where received_at >= @from and received_at < @to and received_at <= @asOf and lead_unit_id is not null group by 1
            """, period, ct);
        var escalations = await CountsAsync(transaction,
            "select from_unit_id as UnitId, count(*)::int as Count from escalations where at >= @from and at < @to and at <= @asOf group by 1", period, ct);
        var missed = await CountsAsync(transaction,
            "select unit_id as UnitId, count(*)::int as Count from missed_deadlines where at >= @from and at < @to and at <= @asOf group by 1", period, ct);

        var rectifications = (await transaction.ListAsync<(string UnitId, int Due, int OnTime)>(
            """
            with r as (
                select responsible_unit_id, verified_at, ((deadline + 1)::timestamp - @offset) at time zone 'UTC' as due_at from rectification_items
            ), k as (select r.*, least(verified_at, due_at) as rectify_key from r)
            select responsible_unit_id as UnitId,
                count(*)::int as Due,
                count(*) filter (where verified_at < due_at)::int as OnTime
            from k where rectify_key >= @from and rectify_key < @to and rectify_key <= @asOf group by 1
            """, new { period.from, period.to, period.asOf, offset = timeZoneOffset }, ct)).ToDictionary(r => r.UnitId);

        var units = cases.ToDictionary(c => c.UnitId);
        foreach (var id in leads.Concat(received.Keys).Concat(escalations.Keys).Concat(missed.Keys).Concat(rectifications.Keys).Where(id => !units.ContainsKey(id)))
        {
            units[id] = new UnitCounts { UnitId = id };
        }
        return units.Values.Select(u => u with
        {
            ReportsReceived = received.GetValueOrDefault(u.UnitId),
            Escalations = escalations.GetValueOrDefault(u.UnitId),
            DeadlinesMissed = missed.GetValueOrDefault(u.UnitId),
            RectificationsDue = rectifications.GetValueOrDefault(u.UnitId).Due,
            RectifiedOnTime = rectifications.GetValueOrDefault(u.UnitId).OnTime,
        }).OrderBy(u => u.UnitId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Reports received in [from, to) by divisions among <paramref name="divisions"/>, by channel and division.</summary>
    public static Task<IReadOnlyList<ReceivedCount>> ReceivedAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        transaction.ListAsync<ReceivedCount>(
            """
            select channel as Channel, receiving_division_code as DivisionCode, count(*)::int as Reports from report_facts
            where received_at >= @from and received_at < @to and receiving_division_code = any(@divisions)
            group by 1, 2 order by 1, 2
            """, new { from = from.UtcDateTime, to = to.UtcDateTime, divisions = divisions.ToArray() }, ct);

    /// <summary>The deadlines each unit missed in [from, to), by kind.</summary>
    public static async Task<IReadOnlyList<Domain.MissedDeadlines>> MissedByKindAsync(NpgsqlTransaction transaction, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct) =>
        await transaction.ListAsync<Domain.MissedDeadlines>(
            """
            select unit_id as UnitId,
                   count(*) filter (where deadline = 'acknowledge')::int as Acknowledgements,
                   count(*) filter (where deadline = 'close')::int as Closings,
                   count(*) filter (where deadline = 'feedback')::int as Feedback,
                   count(*) filter (where deadline not in ('acknowledge', 'close', 'feedback'))::int as Other
            from missed_deadlines where at >= @from and at < @to group by unit_id order by unit_id
            """, new { from = from.UtcDateTime, to = to.UtcDateTime }, ct);

    private static async Task<Dictionary<string, int>> CountsAsync(NpgsqlTransaction transaction, string sql, object period, CancellationToken ct) =>
        (await transaction.ListAsync<(string UnitId, int Count)>(sql, period, ct)).ToDictionary(r => r.UnitId, r => r.Count);
}
