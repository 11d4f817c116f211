using Dapper;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Data;

/// <summary>Election periods: while one covers a division, its reports run on the election clock.</summary>
public sealed class ElectionPeriodStore(NpgsqlDataSource dataSource, Outbox outbox)
{
    private const string PeriodColumns =
        "id as Id, division_code as DivisionCode, starts_at as StartsAt, ends_at as EndsAt, description as Description";

    /// <summary>Adds the period and, in the same transaction, the event that tells routing.</summary>
    public async Task<ElectionPeriodRecord> AddAsync(ElectionPeriodRecord period, string createdBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into election_periods (id, division_code, starts_at, ends_at, description, created_by, created_at)
            values (@Id, @DivisionCode, @StartsAt, @EndsAt, @Description, @createdBy, now())
            """, new { period.Id, period.DivisionCode, period.StartsAt, period.EndsAt, period.Description, createdBy }, transaction, cancellationToken: ct));
        await outbox.EnqueueAsync(connection, transaction, new ElectionPeriodSet
        {
            ElectionPeriodId = period.Id, DivisionCode = period.DivisionCode, StartsAt = Utc(period.StartsAt), EndsAt = Utc(period.EndsAt),
        }, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
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

    /// <summary>Deletes the period and, in the same transaction, writes the event that tells routing.</summary>
    public async Task DeleteAsync(ElectionPeriodRecord period, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition("delete from election_periods where id = @Id", new { period.Id }, transaction,
            cancellationToken: ct));
        if (deleted > 0)
        {
            await outbox.EnqueueAsync(connection, transaction, new ElectionPeriodDeleted
            {
                ElectionPeriodId = period.Id, DivisionCode = period.DivisionCode, StartsAt = Utc(period.StartsAt), EndsAt = Utc(period.EndsAt),
            }, ct);
        }
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
