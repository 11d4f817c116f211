using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>Recommendations and the ledger of their follow-up.</summary>
public static class RecommendationStore
{
    public static Task AddAsync(NpgsqlTransaction transaction, RecommendationRecord recommendation, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into recommendations (id, tour_id, kind, unit_id, cadre_id, text, state, made_by, made_at)
            values (@Id, @TourId, @Kind, @UnitId, @CadreId, @Text, @State, @MadeBy, @at)
            """, new
            {
                recommendation.Id, recommendation.TourId, recommendation.Kind, recommendation.UnitId, recommendation.CadreId, recommendation.Text,
                recommendation.State, recommendation.MadeBy, at = recommendation.MadeAt.UtcDateTime,
            }, ct);

    public static async Task FollowUpAsync(NpgsqlTransaction transaction, RecommendationRecord recommendation, string to, string note, string recordedBy,
        DateTimeOffset at, CancellationToken ct)
    {
        await transaction.ExecuteAsync("update recommendations set state = @to where id = @id", new { id = recommendation.Id, to }, ct);
        await transaction.ExecuteAsync(
            """
            insert into recommendation_follow_ups (id, recommendation_id, from_state, to_state, note, recorded_by, recorded_at)
            values (@id, @recommendationId, @from, @to, @note, @recordedBy, @at)
            """, new { id = Guid.CreateVersion7(), recommendationId = recommendation.Id, from = recommendation.State, to, note, recordedBy, at = at.UtcDateTime },
            ct);
    }

    private sealed record Row(Guid Id, Guid TourId, string Kind, string? UnitId, string? CadreId, string Text, string State, string MadeBy, DateTime MadeAt);

    private sealed record FollowUpRow(Guid RecommendationId, string ToState, string Note, string RecordedBy, DateTime RecordedAt);

    private const string Columns = """
        select id as Id, tour_id as TourId, kind as Kind, unit_id as UnitId, cadre_id as CadreId, text as Text, state as State, made_by as MadeBy,
            made_at as MadeAt from recommendations
        """;

    public static async Task<RecommendationRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        await transaction.SingleOrDefaultAsync<Row>(Columns + " where id = @id" + (forUpdate ? " for update" : ""), new { id }, ct) is { } row
            ? (await WithFollowUpsAsync(transaction, [row], ct))[0]
            : null;

    public static async Task<IReadOnlyList<RecommendationRecord>> OfTourAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        await WithFollowUpsAsync(transaction, await transaction.ListAsync<Row>(Columns + " where tour_id = @tourId order by made_at, id", new { tourId }, ct), ct);

    /// <summary>Leadership teams adjusted: distinct units named by carried-out recommendations of <paramref name="kind"/>, on one tour or every tour of a target.</summary>
    public static async Task<int> TeamsAdjustedAsync(NpgsqlTransaction transaction, string kind, Guid? tourId, (string Kind, string Id)? target,
        CancellationToken ct) =>
        (int)(await transaction.ScalarAsync<long>(
            """
            select count(distinct r.unit_id) from recommendations r join tours t on t.id = r.tour_id
            where r.kind = @kind and r.state = 'carried-out'
              and (@tourId::uuid is null or r.tour_id = @tourId)
              and (@targetKind::text is null or (t.target_kind = @targetKind and t.target_id = @targetId))
            """, new { kind, tourId, targetKind = target?.Kind, targetId = target?.Id }, ct));

    private static async Task<IReadOnlyList<RecommendationRecord>> WithFollowUpsAsync(NpgsqlTransaction transaction, IReadOnlyList<Row> rows,
        CancellationToken ct)
    {
        var followUps = (await transaction.ListAsync<FollowUpRow>(
                """
                select recommendation_id as RecommendationId, to_state as ToState, note as Note, recorded_by as RecordedBy, recorded_at as RecordedAt
                from recommendation_follow_ups where recommendation_id = any(@ids) order by recorded_at, id
                """, new { ids = rows.Select(r => r.Id).ToArray() }, ct))
            .ToLookup(f => f.RecommendationId);
        return rows.Select(r => new RecommendationRecord(r.Id, r.TourId, r.Kind, r.UnitId, r.CadreId, r.Text, r.State, r.MadeBy,
                new DateTimeOffset(DateTime.SpecifyKind(r.MadeAt, DateTimeKind.Utc)),
                followUps[r.Id].Select(f => new RecommendationFollowUpRecord(f.ToState, f.Note, f.RecordedBy,
                    new DateTimeOffset(DateTime.SpecifyKind(f.RecordedAt, DateTimeKind.Utc)))).ToList()))
            .ToList();
    }
}
