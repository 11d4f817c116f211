using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>Work records, their sealed interviewees and the audit of every reveal.</summary>
public static class WorkRecordStore
{
    public static Task AddAsync(NpgsqlTransaction transaction, WorkRecordRecord record, byte[]? sealedInterviewee, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into work_records (id, tour_id, kind, held_on, inspector_ids, cadre_ids, notes, interviewee_sealed, recorded_by, recorded_at)
            values (@Id, @TourId, @Kind, @heldOn, @inspectors, @cadres, @Notes, @sealedInterviewee, @RecordedBy, @at)
            """, new
            {
                record.Id, record.TourId, record.Kind, heldOn = record.HeldOn.ToDateTime(TimeOnly.MinValue), inspectors = record.InspectorIds.ToArray(),
                cadres = record.CadreIds.ToArray(), record.Notes, sealedInterviewee, record.RecordedBy, at = record.RecordedAt.UtcDateTime,
            }, ct);

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid TourId { get; init; }
        public string Kind { get; init; } = "";
        public DateTime HeldOn { get; init; }
        public string[] InspectorIds { get; init; } = [];
        public string[] CadreIds { get; init; } = [];
        public string Notes { get; init; } = "";
        public bool HasInterviewee { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTime RecordedAt { get; init; }

        public WorkRecordRecord Value => new(Id, TourId, Kind, DateOnly.FromDateTime(HeldOn), InspectorIds, CadreIds, Notes, HasInterviewee, RecordedBy,
            new DateTimeOffset(DateTime.SpecifyKind(RecordedAt, DateTimeKind.Utc)));
    }

    private const string Columns = """
        select id as Id, tour_id as TourId, kind as Kind, held_on::timestamp as HeldOn, inspector_ids as InspectorIds, cadre_ids as CadreIds, notes as Notes,
            interviewee_sealed is not null as HasInterviewee, recorded_by as RecordedBy, recorded_at as RecordedAt from work_records
        """;

    public static async Task<WorkRecordRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        (await transaction.SingleOrDefaultAsync<Row>(Columns + " where id = @id", new { id }, ct))?.Value;

    /// <summary>The tour's records by id, for citations.</summary>
    public static async Task<IReadOnlyList<Guid>> IdsOfTourAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        await transaction.ListAsync<Guid>("select id from work_records where tour_id = @tourId", new { tourId }, ct);

    public static async Task<IReadOnlyList<WorkRecordRecord>> PageAsync(NpgsqlTransaction transaction, Guid tourId, string? kind,
        (DateTime At, Guid Id)? after, int size, CancellationToken ct) =>
        (await transaction.ListAsync<Row>(Columns + " " + """
             where tour_id = @tourId and (@kind::text is null or kind = @kind)
               and (@afterAt::timestamptz is null or (recorded_at, id) < (@afterAt, @afterId))
             order by recorded_at desc, id desc limit @size
             """, new { tourId, kind, afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, size }, ct))
        .Select(r => r.Value).ToList();

    public static Task<byte[]?> SealedIntervieweeAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.ScalarAsync<byte[]?>("select interviewee_sealed from work_records where id = @id", new { id }, ct);

    public static Task AddRevealAsync(NpgsqlTransaction transaction, WorkRecordRecord record, IntervieweeRevealRecord reveal, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into interviewee_reveals (id, record_id, tour_id, revealed_to, reason, revealed_at)
            values (@id, @RecordId, @tourId, @RevealedTo, @Reason, @at)
            """, new { id = Guid.CreateVersion7(), reveal.RecordId, tourId = record.TourId, reveal.RevealedTo, reveal.Reason, at = reveal.RevealedAt.UtcDateTime },
            ct);

    private sealed record RevealRow(Guid RecordId, string RevealedTo, string Reason, DateTime RevealedAt);

    public static async Task<IReadOnlyList<IntervieweeRevealRecord>> RevealsAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        (await transaction.ListAsync<RevealRow>(
            """
            select record_id as RecordId, revealed_to as RevealedTo, reason as Reason, revealed_at as RevealedAt
            from interviewee_reveals where tour_id = @tourId order by revealed_at, id
            """, new { tourId }, ct))
        .Select(r => new IntervieweeRevealRecord(r.RecordId, r.RevealedTo, r.Reason, new DateTimeOffset(DateTime.SpecifyKind(r.RevealedAt, DateTimeKind.Utc))))
        .ToList();
}
