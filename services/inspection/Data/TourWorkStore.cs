using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>A tour's findings and its report.</summary>
public static class TourWorkStore
{
    public static Task AddFindingAsync(NpgsqlTransaction transaction, FindingRecord finding, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into findings (id, tour_id, category, description, evidence, severity, cadre_ids, unit_ids, recorded_by, recorded_at)
            values (@Id, @TourId, @Category, @Description, @Evidence, @Severity, @cadres, @units, @RecordedBy, @at)
            """, new
            {
                finding.Id, finding.TourId, finding.Category, finding.Description, finding.Evidence, finding.Severity,
                cadres = finding.CadreIds.ToArray(), units = finding.UnitIds.ToArray(), finding.RecordedBy, at = at.UtcDateTime,
            }, ct);

    private sealed class FindingRow
    {
        public Guid Id { get; init; }
        public Guid TourId { get; init; }
        public string Category { get; init; } = "";
        public string Description { get; init; } = "";
        public string Evidence { get; init; } = "";
        public string Severity { get; init; } = "";
        public string[] CadreIds { get; init; } = [];
        public string[] UnitIds { get; init; } = [];
        public string RecordedBy { get; init; } = "";
    }

    public static async Task<IReadOnlyList<FindingRecord>> FindingsAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        (await transaction.ListAsync<FindingRow>(
            """
            select id as Id, tour_id as TourId, category as Category, description as Description, evidence as Evidence, severity as Severity,
                cadre_ids as CadreIds, unit_ids as UnitIds, recorded_by as RecordedBy
            from findings where tour_id = @tourId order by recorded_at, id
            """, new { tourId }, ct))
        .Select(f => new FindingRecord(f.Id, f.TourId, f.Category, f.Description, f.Evidence, f.Severity, f.CadreIds, f.UnitIds, f.RecordedBy))
        .ToList();

    public static Task<TourReportRecord?> ReportAsync(NpgsqlTransaction transaction, Guid tourId, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<TourReportRecord?>(
            """
            select tour_id as TourId, state as State, summary as Summary, recommendations as Recommendations, decided_by as DecidedBy,
                decision_note as DecisionNote from tour_reports where tour_id = @tourId
            """ + (forUpdate ? " for update" : ""), new { tourId }, ct);

    public static Task SaveReportAsync(NpgsqlTransaction transaction, TourReportRecord report, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into tour_reports (tour_id, state, summary, recommendations, decided_by, decision_note, updated_at)
            values (@TourId, @State, @Summary, @Recommendations, @DecidedBy, @DecisionNote, @at)
            on conflict (tour_id) do update set state = excluded.state, summary = excluded.summary, recommendations = excluded.recommendations,
                decided_by = excluded.decided_by, decision_note = excluded.decision_note, updated_at = excluded.updated_at
            """, new { report.TourId, report.State, report.Summary, report.Recommendations, report.DecidedBy, report.DecisionNote, at = at.UtcDateTime }, ct);
}
