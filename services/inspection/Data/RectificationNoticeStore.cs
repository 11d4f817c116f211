using System.Text.Json;
using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>The public notices of rectification status, one per closed tour.</summary>
public static class RectificationNoticeStore
{
    public static Task AddAsync(NpgsqlTransaction transaction, TourRecord tour, IReadOnlyList<NoticeItem> items, string issuedBy, DateTimeOffset at,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into rectification_notices (tour_id, target_division_code, items, issued_by, issued_at)
            values (@tourId, @division, @items::jsonb, @issuedBy, @at)
            """, new { tourId = tour.Id, division = tour.Target.DivisionCode, items = JsonSerializer.Serialize(items), issuedBy, at = at.UtcDateTime }, ct);

    private sealed record Row(string Items, DateTime IssuedAt);

    public static async Task<(IReadOnlyList<NoticeItem> Items, DateTimeOffset IssuedAt)?> FindAsync(NpgsqlTransaction transaction, Guid tourId,
        CancellationToken ct) =>
        await transaction.SingleOrDefaultAsync<Row>("select items::text as Items, issued_at as IssuedAt from rectification_notices where tour_id = @tourId",
            new { tourId }, ct) is { } row
            ? (JsonSerializer.Deserialize<List<NoticeItem>>(row.Items)!, new DateTimeOffset(DateTime.SpecifyKind(row.IssuedAt, DateTimeKind.Utc)))
            : null;

    private sealed record PageRow(Guid TourId, string Items, DateTime IssuedAt);

    /// <summary>Notices newest first, of tours whose target lies in <paramref name="divisionCodes"/> (null: every one).</summary>
    public static async Task<IReadOnlyList<(Guid TourId, IReadOnlyList<NoticeItem> Items, DateTimeOffset IssuedAt)>> PageAsync(NpgsqlTransaction transaction,
        IReadOnlyList<string>? divisionCodes, (DateTime At, Guid Id)? after, int size, CancellationToken ct) =>
        (await transaction.ListAsync<PageRow>(
            """
            select tour_id as TourId, items::text as Items, issued_at as IssuedAt from rectification_notices
            where (@divisions::text[] is null or target_division_code = any(@divisions))
              and (@afterAt::timestamptz is null or (issued_at, tour_id) < (@afterAt, @afterId))
            order by issued_at desc, tour_id desc limit @size
            """, new { divisions = divisionCodes?.ToArray(), afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, size }, ct))
        .Select(r => (r.TourId, (IReadOnlyList<NoticeItem>)JsonSerializer.Deserialize<List<NoticeItem>>(r.Items)!,
            new DateTimeOffset(DateTime.SpecifyKind(r.IssuedAt, DateTimeKind.Utc))))
        .ToList();
}
