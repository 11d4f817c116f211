using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>Rectification items and the ledger of their changes.</summary>
public static class RectificationStore
{
    private const string Columns = """
        select id as Id, tour_id as TourId, finding_id as FindingId, responsible_unit_id as ResponsibleUnitId, responsible_person as ResponsiblePerson,
            measures as Measures, deadline as Deadline, state as State, evidence as Evidence, overdue as Overdue from rectification_items
        """;

    public static Task AddAsync(NpgsqlTransaction transaction, RectificationItemRecord item, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into rectification_items (id, tour_id, finding_id, responsible_unit_id, responsible_person, measures, deadline, state, created_at)
            values (@Id, @TourId, @FindingId, @ResponsibleUnitId, @ResponsiblePerson, @Measures, @deadline, @State, @at)
            """, new
            {
                item.Id, item.TourId, item.FindingId, item.ResponsibleUnitId, item.ResponsiblePerson, item.Measures,
                deadline = item.Deadline.ToDateTime(TimeOnly.MinValue), item.State, at = at.UtcDateTime,
            }, ct);

    public static Task<RectificationItemRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<RectificationItemRecord?>(Columns + " where id = @id" + (forUpdate ? " for update" : ""), new { id }, ct);

    public static Task<IReadOnlyList<RectificationItemRecord>> OfTourAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        transaction.ListAsync<RectificationItemRecord>(Columns + " where tour_id = @tourId order by created_at, id", new { tourId }, ct);

    public static Task<IReadOnlyList<RectificationItemRecord>> OfTargetAsync(NpgsqlTransaction transaction, string targetKind, string targetId,
        CancellationToken ct) =>
        transaction.ListAsync<RectificationItemRecord>(
            Columns + " where tour_id in (select id from tours where target_kind = @targetKind and target_id = @targetId) order by created_at, id",
            new { targetKind, targetId }, ct);

    /// <summary>Moves the item and writes the ledger row.</summary>
    public static async Task MoveAsync(NpgsqlTransaction transaction, RectificationItemRecord item, string to, string evidence, string by, string note,
        DateTimeOffset at, CancellationToken ct)
    {
        await transaction.ExecuteAsync("update rectification_items set state = @to, evidence = @evidence where id = @Id", new { item.Id, to, evidence }, ct);
        await transaction.ExecuteAsync(
            """
            insert into rectification_changes (id, item_id, from_state, to_state, changed_by, note, changed_at)
            values (@id, @itemId, @from, @to, @by, @note, @at)
            """, new { id = Guid.CreateVersion7(), itemId = item.Id, from = item.State, to, by, note, at = at.UtcDateTime }, ct);
    }

    public static Task MarkOverdueAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.ExecuteAsync("update rectification_items set overdue = true where id = @id", new { id }, ct);
}
