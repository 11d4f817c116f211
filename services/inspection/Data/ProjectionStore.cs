using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>
/// Inspection's own projection of intake's reports and election periods and routing's cases. Each event is applied
/// whatever the order they arrive in: reports, report-to-case links and case states are separate rows joined when read.
/// </summary>
public static class ProjectionStore
{
    public static Task ReportReceivedAsync(NpgsqlTransaction transaction, Guid reportId, DateTimeOffset receivedAt, IReadOnlyCollection<string> divisionCodes,
        IReadOnlyCollection<string> unitIds, IReadOnlyCollection<string> cadreIds, Guid? tourId, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into reports_seen (report_id, received_at, division_codes, unit_ids, cadre_ids, tour_id) values (@reportId, @at, @divisions, @units, @cadres, @tourId)
            on conflict (report_id) do nothing
            """, new { reportId, at = receivedAt.UtcDateTime, divisions = divisionCodes.ToArray(), units = unitIds.ToArray(), cadres = cadreIds.ToArray(), tourId }, ct);

    public static async Task LinkAsync(NpgsqlTransaction transaction, Guid caseId, IEnumerable<Guid> reportIds, CancellationToken ct)
    {
        await transaction.ExecuteAsync("insert into report_cases (report_id, case_id) select unnest(@reports), @caseId on conflict (report_id) do update set case_id = excluded.case_id",
            new { reports = reportIds.ToArray(), caseId }, ct);
        await transaction.ExecuteAsync("insert into cases_seen (case_id) values (@caseId) on conflict do nothing", new { caseId }, ct);
    }

    /// <summary>When routing opened the case (the first opening seen wins: a redelivery or a report joining later changes nothing).</summary>
    public static Task CaseOpenedAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            "update cases_seen set opened_at = least(coalesce(opened_at, @at), @at) where case_id = @caseId",
            new { caseId, at = at.UtcDateTime }, ct);

    /// <summary>Marks the case: substantiated, late or closed (a flag once set stays set, except substantiated, which the latest conclusion sets).</summary>
    public static Task MarkCaseAsync(NpgsqlTransaction transaction, Guid caseId, bool? substantiated, bool late, bool closed, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into cases_seen (case_id, substantiated, late, closed, concluded) values (@caseId, coalesce(@substantiated, false), @late, @closed, @substantiated is not null)
            on conflict (case_id) do update set substantiated = coalesce(@substantiated, cases_seen.substantiated),
                late = cases_seen.late or excluded.late, closed = cases_seen.closed or excluded.closed,
                concluded = cases_seen.concluded or excluded.concluded
            """, new { caseId, substantiated, late, closed }, ct);

    public static Task SetElectionPeriodAsync(NpgsqlTransaction transaction, Guid id, string divisionCode, DateTimeOffset startsAt, DateTimeOffset endsAt,
        bool deleted, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into election_periods (id, division_code, starts_at, ends_at, deleted) values (@id, @divisionCode, @startsAt, @endsAt, @deleted)
            on conflict (id) do update set deleted = election_periods.deleted or excluded.deleted
            """, new { id, divisionCode, startsAt = startsAt.UtcDateTime, endsAt = endsAt.UtcDateTime, deleted }, ct);

    private sealed class ReportRow
    {
        public string[] DivisionCodes { get; init; } = [];
        public string[] UnitIds { get; init; } = [];
        public bool Substantiated { get; init; }
        public bool Late { get; init; }
    }

    /// <summary>Reports received since <paramref name="since"/>, with what became of their cases.</summary>
    public static async Task<IReadOnlyList<ReportFacts>> ReportsSinceAsync(NpgsqlTransaction transaction, DateTimeOffset since, CancellationToken ct) =>
        (await transaction.ListAsync<ReportRow>(
            """
            select r.division_codes as DivisionCodes, r.unit_ids as UnitIds, coalesce(c.substantiated, false) as Substantiated, coalesce(c.late, false) as Late
            from reports_seen r left join report_cases l on l.report_id = r.report_id left join cases_seen c on c.case_id = l.case_id
            where r.received_at >= @since
            """, new { since = since.UtcDateTime }, ct))
        .Select(r => new ReportFacts(r.DivisionCodes, r.UnitIds, r.Substantiated, r.Late)).ToList();

    private sealed record ElectionRow(string DivisionCode, DateTime StartsAt, DateTime EndsAt);

    public static async Task<IReadOnlyList<ElectionFacts>> ElectionPeriodsAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        (await transaction.ListAsync<ElectionRow>(
            "select division_code as DivisionCode, starts_at as StartsAt, ends_at as EndsAt from election_periods where not deleted", null, ct))
        .Select(e => new ElectionFacts(e.DivisionCode, Utc(e.StartsAt), Utc(e.EndsAt))).ToList();

    /// <summary>Which of these cadres are subjects of a report whose case is not closed (or that no case has taken up yet).</summary>
    public static async Task<IReadOnlySet<string>> OpenSubjectsAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> cadreIds, CancellationToken ct) =>
        (await transaction.ListAsync<string>(
            """
            select distinct subject from reports_seen r
            cross join lateral unnest(r.cadre_ids) as subject
            left join report_cases l on l.report_id = r.report_id left join cases_seen c on c.case_id = l.case_id
            where r.cadre_ids && @cadres and subject = any(@cadres) and not coalesce(c.closed, false)
            """, new { cadres = cadreIds.ToArray() }, ct)).ToHashSet();

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
