using Npgsql;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>
/// Every step of inspection runs in one transaction: a change commits with its events (then wakes the relay), a read sees
/// one consistent state. The clock is the host's, so tests run steps on a fake one.
/// </summary>
public sealed class InspectionTransactions(NpgsqlDataSource dataSource, Outbox outbox, TimeProvider time)
{
    public async Task<T> ChangeAsync<T>(Func<NpgsqlTransaction, DateTimeOffset, Task<T>> change, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await change(transaction, time.GetUtcNow());
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return result;
    }

    public async Task<T> ReadAsync<T>(Func<NpgsqlTransaction, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await read(transaction);
    }
}
