using Dapper;
using Npgsql;

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
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into outbox_messages (id, message_type, payload) values (@id, @type, @payload::jsonb)",
            new { id, type = EventSerializer.TypeName(typeof(T)), payload = System.Text.Json.JsonSerializer.Serialize(message, EventSerializer.Options) },
            transaction, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>Call after commit: wakes this instance's relay instead of waiting for its next poll.</summary>
    public void NotifyCommitted() => signal.Notify();
}

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
