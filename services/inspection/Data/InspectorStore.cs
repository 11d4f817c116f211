using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>The inspector pool: inspectors, their postings and declared relatives.</summary>
public static class InspectorStore
{
    private sealed record InspectorRow(string Id, string Name, string? CadreId, string HomeDivisionCode);

    private sealed record PostingRow(string InspectorId, string UnitId, string Post, DateOnly FromDate, DateOnly? ToDate);

    private sealed record RelativeRow(string InspectorId, string Kind, string Name, string Post, string UnitId);

    /// <summary>The inspectors with these ids that exist, with postings and relatives.</summary>
    public static async Task<IReadOnlyList<InspectorRecord>> FindAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await transaction.ListAsync<InspectorRow>(
            "select id as Id, name as Name, cadre_id as CadreId, home_division_code as HomeDivisionCode from inspectors where id = any(@ids) order by id",
            new { ids = ids.ToArray() }, ct);
        return await WithDetailsAsync(transaction, rows, ct);
    }

    /// <summary>One page of the pool, by id.</summary>
    public static async Task<IReadOnlyList<InspectorRecord>> PageAsync(NpgsqlTransaction transaction, int offset, int size, CancellationToken ct)
    {
        var rows = await transaction.ListAsync<InspectorRow>(
            """
            select id as Id, name as Name, cadre_id as CadreId, home_division_code as HomeDivisionCode from inspectors
            order by id offset @offset limit @size
            """, new { offset, size }, ct);
        return await WithDetailsAsync(transaction, rows, ct);
    }

    /// <summary>The ids of the inspectors who are these directory cadres.</summary>
    public static async Task<IReadOnlyList<string>> OfCadresAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> cadreIds, CancellationToken ct) =>
        cadreIds.Count == 0
            ? []
            : await transaction.ListAsync<string>("select id from inspectors where cadre_id = any(@cadreIds) order by id", new { cadreIds = cadreIds.ToArray() }, ct);

    public static Task<int> AddPostingAsync(NpgsqlTransaction transaction, string inspectorId, PostingRecord posting, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into inspector_postings (inspector_id, unit_id, post, from_date, to_date) values (@inspectorId, @UnitId, @Post, @from, @to)
            on conflict do nothing
            """, new { inspectorId, posting.UnitId, posting.Post, from = posting.From.ToDateTime(TimeOnly.MinValue),
                to = posting.To?.ToDateTime(TimeOnly.MinValue) }, ct);

    /// <summary>Adds a relative; false when the same relative is already declared.</summary>
    public static async Task<bool> AddRelativeAsync(NpgsqlTransaction transaction, string inspectorId, RelativeRecord relative, DateTimeOffset at,
        CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into inspector_relatives (id, inspector_id, kind, name, post, unit_id, declared_at)
            values (@id, @inspectorId, @Kind, @Name, @Post, @UnitId, @at)
            on conflict do nothing
            """, new { id = Guid.CreateVersion7(), inspectorId, relative.Kind, relative.Name, relative.Post, relative.UnitId, at = at.UtcDateTime }, ct) == 1;

    public static Task<int> AddInspectorAsync(NpgsqlTransaction transaction, InspectorRecord inspector, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into inspectors (id, name, cadre_id, home_division_code) values (@Id, @Name, @CadreId, @HomeDivisionCode)
            on conflict (id) do nothing
            """, new { inspector.Id, inspector.Name, inspector.CadreId, inspector.HomeDivisionCode }, ct);

    private static async Task<IReadOnlyList<InspectorRecord>> WithDetailsAsync(NpgsqlTransaction transaction, IReadOnlyList<InspectorRow> rows,
        CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToArray();
        var postings = (await transaction.ListAsync<PostingRow>(
            """
            select inspector_id as InspectorId, unit_id as UnitId, post as Post, from_date as FromDate, to_date as ToDate
            from inspector_postings where inspector_id = any(@ids) order by from_date
            """, new { ids }, ct)).ToLookup(p => p.InspectorId);
        var relatives = (await transaction.ListAsync<RelativeRow>(
            """
            select inspector_id as InspectorId, kind as Kind, name as Name, post as Post, unit_id as UnitId
            from inspector_relatives where inspector_id = any(@ids) order by declared_at, id
            """, new { ids }, ct)).ToLookup(r => r.InspectorId);
        return rows.Select(r => new InspectorRecord(r.Id, r.Name, r.CadreId, r.HomeDivisionCode,
                postings[r.Id].Select(p => new PostingRecord(p.UnitId, p.Post, p.FromDate, p.ToDate)).ToList(),
                relatives[r.Id].Select(x => new RelativeRecord(x.Kind, x.Name, x.Post, x.UnitId)).ToList()))
            .ToList();
    }
}
