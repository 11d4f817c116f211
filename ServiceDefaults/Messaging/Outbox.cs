using Dapper;
using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.ServiceDefaults.Messaging;

/// <summary>
/// Writes events into the outbox table inside the caller's transaction: the event exists if and
/// only if the state change it describes was committed. The relay publishes it afterwards.
/// </summary>
public sealed class Outbox(OutboxSignal signal)
{
    public async Task<Guid> EnqueueAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T message,
        CancellationToken cancellationToken = default) where T : class
    {
        const string sql = "insert into outbox_messages (id, message_type, payload) values (@Id, @MessageType, @Payload::jsonb)";
        var row = Row(message);
        // Inside a write-behind scope the row goes out with the transaction's other held-back writes.
        if (!WriteBehind.TryDefer(transaction, sql, row))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, row, transaction, cancellationToken: cancellationToken));
        }
        return row.Id;
    }

    /// <summary>
    /// The outbox row of <paramref name="message"/>, for a caller that writes it in the same statement as the state change
    /// (one round trip): <c>insert into outbox_messages (id, message_type, payload) values (@Id, @MessageType, @Payload::jsonb)</c>.
    /// </summary>
    public static OutboxRow Row<T>(T message) where T : class =>
        new(Guid.CreateVersion7(), EventSerializer.TypeName(typeof(T)), System.Text.Json.JsonSerializer.Serialize(message, EventSerializer.Options));

    /// <summary>Call after commit: wakes this instance's relay instead of waiting for its next poll.</summary>
    public void NotifyCommitted() => signal.Notify();
}

/// <summary>An event as the outbox stores it: its MessageId, its type name and its JSON.</summary>
public sealed record OutboxRow(Guid Id, string MessageType, string Payload);

/// <summary>Wakes the outbox relay when this instance commits events.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
