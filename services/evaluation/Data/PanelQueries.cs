using Dapper;
using Npgsql;

namespace Supervision.Evaluation.Data;

/// <summary>A serving member as counted in the panel's composition.</summary>
public sealed record ServingMemberProfile(string Sector, bool Grassroots, string DivisionCode, string Gender, DateOnly BirthDate);

/// <summary>Reads of the panel that change nothing.</summary>
public sealed class PanelQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Every member serving at <paramref name="now"/>: appointed, not resigned, term not yet ended.</summary>
    public async Task<IReadOnlyList<ServingMemberProfile>> ServingProfilesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ServingMemberProfile>(new CommandDefinition(
            """
            select sector as Sector, grassroots as Grassroots, division_code as DivisionCode, gender as Gender, birth_date as BirthDate
            from members where status = 'serving' and term_ends_at > @now
            """, new { now = now.UtcDateTime }, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<ApplicationRecord?> FindApplicationAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await PanelStore.FindApplicationAsync(transaction, id, false, ct);
    }

    public async Task<(MemberRecord Member, IReadOnlyList<MemberHistoryRecord> History)?> FindMemberAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var member = await PanelStore.FindMemberAsync(transaction, id, false, ct);
        return member is null ? null : (member, await PanelStore.HistoryAsync(transaction, id, ct));
    }

    /// <summary>Members in <paramref name="divisions"/> (null: all), in appointment order, after a keyset position.</summary>
    public async Task<IReadOnlyList<MemberRecord>> ListMembersAsync(IReadOnlyList<string>? divisions, string? sector, string? status,
        (DateTime At, Guid Id)? after, int size, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<MemberRecord>(new CommandDefinition(
            $"""
            select {PanelStore.MemberColumns} from members
            where (@allDivisions or division_code = any(@divisions)) and (@sector::text is null or sector = @sector)
              and (@status::text is null or status = @status)
              and (@afterAt::timestamptz is null or (appointed_at, id) > (@afterAt, @afterId))
            order by appointed_at, id limit @size
            """,
            new
            {
                allDivisions = divisions is null, divisions = divisions?.ToArray() ?? [], sector, status,
                afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, size,
            }, cancellationToken: ct));
        return rows.ToList();
    }
}
