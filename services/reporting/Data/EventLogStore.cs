using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>One event as the log keeps it: its type's full name and its JSON, in the order it was recorded.</summary>
public sealed record LoggedEvent(long Seq, Guid MessageId, string EventType, string Payload, DateTime OccurredAtUtc)
{
    public DateTimeOffset OccurredAt => new(DateTime.SpecifyKind(OccurredAtUtc, DateTimeKind.Utc));
}

/// <summary>The append-only event log: rows are added, never changed (the table refuses updates, deletes and truncation).</summary>
public static class EventLogStore
{
    /// <summary>Appends the event unless a message with that id is already in the log; returns whether it was new.</summary>
    public static async Task<bool> AppendAsync(NpgsqlTransaction transaction, Guid messageId, string eventType, DateTimeOffset occurredAt,
        string payload, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into event_log (message_id, event_type, occurred_at, payload) values (@messageId, @eventType, @occurredAt, @payload::jsonb)
            on conflict (message_id) do nothing
            """, new { messageId, eventType, occurredAt = occurredAt.UtcDateTime, payload }, ct) == 1;

    /// <summary>The next <paramref name="batch"/> events after <paramref name="afterSeq"/>, in log order.</summary>
    public static Task<IReadOnlyList<LoggedEvent>> ReadAsync(NpgsqlTransaction transaction, long afterSeq, int batch, CancellationToken ct) =>
        transaction.ListAsync<LoggedEvent>(
            """
            select seq as Seq, message_id as MessageId, event_type as EventType, payload::text as Payload, occurred_at as OccurredAtUtc
            from event_log where seq > @afterSeq order by seq limit @batch
            """, new { afterSeq, batch }, ct);

    public static async Task<long> CountAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        await transaction.ScalarAsync<long>("select count(*) from event_log", null, ct);

    /// <summary>
    /// Keeps new events out while the projections are rebuilt: appends wait for the rebuild's commit, and two rebuilds
    /// run one after the other.
    /// </summary>
    public static Task LockForRebuildAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        transaction.ExecuteAsync("lock table event_log in share row exclusive mode", null, ct);
}
