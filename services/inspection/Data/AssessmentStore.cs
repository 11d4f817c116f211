using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>The tours' assessments with what they cite.</summary>
public static class AssessmentStore
{
    public static Task AddAsync(NpgsqlTransaction transaction, AssessmentRecord assessment, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into assessments (id, tour_id, leadership_unit_id, cadre_id, grade, text, finding_ids, work_record_ids, recorded_by, recorded_at)
            values (@Id, @TourId, @LeadershipUnitId, @CadreId, @Grade, @Text, @findings, @workRecords, @RecordedBy, @at)
            """, new
            {
                assessment.Id, assessment.TourId, assessment.LeadershipUnitId, assessment.CadreId, assessment.Grade, assessment.Text,
                findings = assessment.FindingIds.ToArray(), workRecords = assessment.WorkRecordIds.ToArray(), assessment.RecordedBy,
                at = assessment.RecordedAt.UtcDateTime,
            }, ct);

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid TourId { get; init; }
        public string? LeadershipUnitId { get; init; }
        public string? CadreId { get; init; }
        public string Grade { get; init; } = "";
        public string Text { get; init; } = "";
        public Guid[] FindingIds { get; init; } = [];
        public Guid[] WorkRecordIds { get; init; } = [];
        public string RecordedBy { get; init; } = "";
        public DateTime RecordedAt { get; init; }
    }

    public static async Task<IReadOnlyList<AssessmentRecord>> OfTourAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        (await transaction.ListAsync<Row>(
            """
            select id as Id, tour_id as TourId, leadership_unit_id as LeadershipUnitId, cadre_id as CadreId, grade as Grade, text as Text,
                finding_ids as FindingIds, work_record_ids as WorkRecordIds, recorded_by as RecordedBy, recorded_at as RecordedAt
            from assessments where tour_id = @tourId order by recorded_at, id
            """, new { tourId }, ct))
        .Select(r => new AssessmentRecord(r.Id, r.TourId, r.LeadershipUnitId, r.CadreId, r.Grade, r.Text, r.FindingIds, r.WorkRecordIds, r.RecordedBy,
            new DateTimeOffset(DateTime.SpecifyKind(r.RecordedAt, DateTimeKind.Utc))))
        .ToList();
}
