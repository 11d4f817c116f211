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
}
