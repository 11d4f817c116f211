using Dapper;
using Npgsql;

namespace Supervision.Intake.Data;

/// <summary>Election periods: while one covers a division, its reports run on the election clock.</summary>
public sealed class ElectionPeriodStore(NpgsqlDataSource dataSource)
{
    private const string PeriodColumns =
        "id as Id, division_code as DivisionCode, starts_at as StartsAt, ends_at as EndsAt, description as Description";

    public async Task<ElectionPeriodRecord> AddAsync(ElectionPeriodRecord period, string createdBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into election_periods (id, division_code, starts_at, ends_at, description, created_by, created_at)
            values (@Id, @DivisionCode, @StartsAt, @EndsAt, @Description, @createdBy, now())
            """, new { period.Id, period.DivisionCode, period.StartsAt, period.EndsAt, period.Description, createdBy }, cancellationToken: ct));
        return period;
    }

    public async Task<IReadOnlyList<ElectionPeriodRecord>> ListAsync(IReadOnlyList<string> divisions, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ElectionPeriodRecord>(new CommandDefinition(
            $"select {PeriodColumns} from election_periods where division_code = any(@divisions) order by starts_at desc",
            new { divisions = divisions.ToArray() }, cancellationToken: ct))).ToList();
    }

    public async Task<ElectionPeriodRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ElectionPeriodRecord>(new CommandDefinition(
            $"select {PeriodColumns} from election_periods where id = @id", new { id }, cancellationToken: ct));
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("delete from election_periods where id = @id", new { id }, cancellationToken: ct));
    }
}
