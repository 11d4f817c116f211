using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>Tours' pre-announcements.</summary>
public static class PreAnnouncementStore
{
    /// <summary>Publishes it; false when the tour has one already.</summary>
    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, TourRecord tour, PreAnnouncementText text, string publishedBy, DateTimeOffset at,
        CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into pre_announcements (tour_id, target_division_code, purpose, methods, discipline, office_address, contact_phone, mailbox, email,
                hotline, published_by, published_at)
            values (@tourId, @division, @Purpose, @Methods, @Discipline, @OfficeAddress, @ContactPhone, @Mailbox, @Email, @Hotline, @publishedBy, @at)
            on conflict (tour_id) do nothing
            """, new
            {
                tourId = tour.Id, division = tour.Target.DivisionCode, text.Purpose, text.Methods, text.Discipline, text.OfficeAddress, text.ContactPhone,
                text.Mailbox, text.Email, text.Hotline, publishedBy, at = at.UtcDateTime,
            }, ct) == 1;

    private sealed record Row(Guid TourId, string Purpose, string Methods, string Discipline, string OfficeAddress, string ContactPhone, string Mailbox,
        string Email, string Hotline, DateTime PublishedAt)
    {
        public (Guid TourId, PreAnnouncementText Text, DateTimeOffset PublishedAt) Value => (TourId,
            new PreAnnouncementText(Purpose, Methods, Discipline, OfficeAddress, ContactPhone, Mailbox, Email, Hotline),
            new DateTimeOffset(DateTime.SpecifyKind(PublishedAt, DateTimeKind.Utc)));
    }

    private const string Columns = """
        select tour_id as TourId, purpose as Purpose, methods as Methods, discipline as Discipline, office_address as OfficeAddress,
            contact_phone as ContactPhone, mailbox as Mailbox, email as Email, hotline as Hotline, published_at as PublishedAt from pre_announcements
        """;

    public static async Task<(PreAnnouncementText Text, DateTimeOffset PublishedAt)?> FindAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        await transaction.SingleOrDefaultAsync<Row>(Columns + " where tour_id = @tourId", new { tourId }, ct) is { } row
            ? (row.Value.Text, row.Value.PublishedAt)
            : null;

    public static async Task<IReadOnlyList<(Guid TourId, PreAnnouncementText Text, DateTimeOffset PublishedAt)>> PageAsync(NpgsqlTransaction transaction,
        IReadOnlyList<string> divisionCodes, (DateTime At, Guid Id)? after, int size, CancellationToken ct) =>
        (await transaction.ListAsync<Row>(Columns + " " + """
             where target_division_code = any(@divisions)
               and (@afterAt::timestamptz is null or (published_at, tour_id) < (@afterAt, @afterId))
             order by published_at desc, tour_id desc limit @size
             """, new { divisions = divisionCodes.ToArray(), afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, size }, ct))
        .Select(r => r.Value).ToList();
}
