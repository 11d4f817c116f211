using Npgsql;
using Supervision.Inspection.Domain;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Inspection.Data;

/// <summary>Findings referred through intake, with the case routing opened for the report (joined from the projection when read).</summary>
public static class FindingReferralStore
{
    public static Task<Guid?> TourOfFindingAsync(NpgsqlTransaction transaction, Guid findingId, CancellationToken ct) =>
        transaction.ScalarAsync<Guid?>("select tour_id from findings where id = @findingId", new { findingId }, ct);

    /// <summary>Records the referral unless the finding has one already (the other instance, a retry): true when this one did.</summary>
    public static async Task<bool> InsertAsync(NpgsqlTransaction transaction, FindingRecord finding, Guid reportId, string trackingNumber, string referredBy,
        DateTimeOffset at, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into finding_referrals (finding_id, tour_id, report_id, tracking_number, referred_by, referred_at)
            values (@findingId, @tourId, @reportId, @trackingNumber, @referredBy, @at)
            on conflict (finding_id) do nothing
            """, new { findingId = finding.Id, tourId = finding.TourId, reportId, trackingNumber, referredBy, at = at.UtcDateTime }, ct) == 1;

    private const string Select =
        """
        select f.finding_id as FindingId, f.tour_id as TourId, f.report_id as ReportId, f.tracking_number as TrackingNumber, f.referred_by as ReferredBy,
               f.referred_at as ReferredAt, l.case_id as CaseId, coalesce(c.concluded, false) as Concluded, coalesce(c.closed, false) as Closed
        from finding_referrals f left join report_cases l on l.report_id = f.report_id left join cases_seen c on c.case_id = l.case_id
        """;

    private sealed class Row
    {
        public Guid FindingId { get; init; }
        public Guid TourId { get; init; }
        public Guid ReportId { get; init; }
        public string TrackingNumber { get; init; } = "";
        public string ReferredBy { get; init; } = "";
        public DateTime ReferredAt { get; init; }
        public Guid? CaseId { get; init; }
        public bool Concluded { get; init; }
        public bool Closed { get; init; }

        public FindingReferralRecord ToRecord() => new(FindingId, TourId, ReportId, TrackingNumber, ReferredBy,
            new DateTimeOffset(DateTime.SpecifyKind(ReferredAt, DateTimeKind.Utc)), CaseId, CaseProgressNames.Of(CaseId, Concluded, Closed));
    }

    public static async Task<FindingReferralRecord?> FindAsync(NpgsqlTransaction transaction, Guid findingId, CancellationToken ct) =>
        (await transaction.SingleOrDefaultAsync<Row>(Select + " where f.finding_id = @findingId", new { findingId }, ct))?.ToRecord();

    public static async Task<IReadOnlyList<FindingReferralRecord>> OfTourAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        (await transaction.ListAsync<Row>(Select + " where f.tour_id = @tourId order by f.referred_at, f.finding_id", new { tourId }, ct))
        .Select(r => r.ToRecord()).ToList();
}
