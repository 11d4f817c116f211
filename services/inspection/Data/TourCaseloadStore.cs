using Npgsql;
using Supervision.Inspection.Domain;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Inspection.Data;

/// <summary>Reports and cases reaching a tour, read from the projection of intake's and routing's events; keyset pages, newest first.</summary>
public static class TourCaseloadStore
{
    /// <summary>A report reaches the tour when its team received it for the tour, or when it is about the target and came in during the period.</summary>
    private const string Reaches =
        """
        (r.tour_id = @tourId or (r.received_at >= @from and r.received_at < @to and (r.division_codes && @divisions or r.unit_ids && @units)))
        """;

    private sealed class ReportRow
    {
        public Guid ReportId { get; init; }
        public DateTime ReceivedAt { get; init; }
        public Guid? TourId { get; init; }
        public Guid? CaseId { get; init; }
        public bool Concluded { get; init; }
        public bool Closed { get; init; }
    }

    public static async Task<IReadOnlyList<LinkedReportRecord>> ReportsAsync(NpgsqlTransaction transaction, TourReach reach, (DateTime At, Guid Id)? after,
        int size, CancellationToken ct) =>
        (await transaction.ListAsync<ReportRow>(
            $"""
             select r.report_id as ReportId, r.received_at as ReceivedAt, r.tour_id as TourId, l.case_id as CaseId,
                    coalesce(c.concluded, false) as Concluded, coalesce(c.closed, false) as Closed
             from reports_seen r left join report_cases l on l.report_id = r.report_id left join cases_seen c on c.case_id = l.case_id
             where {Reaches}
               and (@afterAt::timestamptz is null or (r.received_at, r.report_id) < (@afterAt, @afterId))
             order by r.received_at desc, r.report_id desc limit @size
             """, Parameters(reach, after, size), ct))
        .Select(r => new LinkedReportRecord(r.ReportId, Utc(r.ReceivedAt), r.TourId == reach.TourId, r.CaseId,
            CaseProgressNames.Of(r.CaseId, r.Concluded, r.Closed)))
        .ToList();

    private sealed class CaseRow
    {
        public Guid CaseId { get; init; }
        public DateTime OpenedAt { get; init; }
        public bool Concluded { get; init; }
        public bool Closed { get; init; }
        public bool Late { get; init; }
        public bool Substantiated { get; init; }
        public Guid[] ReportIds { get; init; } = [];
    }

    public static async Task<IReadOnlyList<TourCaseRecord>> CasesAsync(NpgsqlTransaction transaction, TourReach reach, (DateTime At, Guid Id)? after,
        int size, CancellationToken ct) =>
        (await transaction.ListAsync<CaseRow>(
            $"""
             select c.case_id as CaseId, c.opened_at as OpenedAt, c.concluded as Concluded, c.closed as Closed, c.late as Late,
                    c.substantiated as Substantiated,
                    array(select l2.report_id from report_cases l2 where l2.case_id = c.case_id order by l2.report_id) as ReportIds
             from cases_seen c
             where c.opened_at >= @from and c.opened_at < @to
               and exists (select 1 from report_cases l join reports_seen r on r.report_id = l.report_id
                           where l.case_id = c.case_id and (r.tour_id = @tourId or r.division_codes && @divisions or r.unit_ids && @units))
               and (@afterAt::timestamptz is null or (c.opened_at, c.case_id) < (@afterAt, @afterId))
             order by c.opened_at desc, c.case_id desc limit @size
             """, Parameters(reach, after, size), ct))
        .Select(c => new TourCaseRecord(c.CaseId, Utc(c.OpenedAt), CaseProgressNames.Of(c.CaseId, c.Concluded, c.Closed), c.Late, c.Substantiated, c.ReportIds))
        .ToList();

    private static object Parameters(TourReach reach, (DateTime At, Guid Id)? after, int size) => new
    {
        tourId = reach.TourId,
        from = reach.From.UtcDateTime,
        to = reach.To.UtcDateTime,
        divisions = reach.DivisionCodes.ToArray(),
        units = reach.UnitIds.ToArray(),
        afterAt = after?.At,
        afterId = after?.Id ?? Guid.Empty,
        size,
    };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
