using System.Text.Json;
using Npgsql;
using Supervision.Reporting.Data;

namespace Supervision.Reporting.Domain;

/// <summary>What a rebuild replayed and what it left.</summary>
public sealed record RebuildResult(long Events, long Rows);

/// <summary>
/// The service's memory: each consumed event is appended to the log once (by its message id) and applied to the
/// projections in the same transaction; the projections can be emptied and rebuilt from the log at any time.
/// </summary>
public static class EventLog
{
    private const int ReplayBatch = 2000;

    /// <summary>
    /// Appends and projects the event; a message already in the log changes nothing. Returns whether it was new. An event
    /// that carries no moment of its own (evaluation's <c>ConsequenceApplied</c>) is logged at the time it was sent.
    /// </summary>
    public static async Task<bool> RecordAsync<TEvent>(NpgsqlTransaction transaction, Guid messageId, TEvent message, CancellationToken ct,
        DateTimeOffset? sentAt = null)
        where TEvent : class
    {
        var eventType = EventProjections.EventTypeOf(typeof(TEvent));
        var payload = JsonSerializer.Serialize(message, EventProjections.Json);
        var occurredAt = EventProjections.OccurredAt(message) ?? sentAt
                         ?? throw new InvalidOperationException($"{eventType} carries no moment and was not sent with one.");
        if (!await EventLogStore.AppendAsync(transaction, messageId, eventType, occurredAt, payload, ct))
        {
            return false;
        }
        await EventProjections.ApplyAsync(transaction, eventType, payload, occurredAt, ct);
        ReportingMetrics.EventsLogged.Add(1, new KeyValuePair<string, object?>("type", typeof(TEvent).Name));
        return true;
    }

    /// <summary>Empties every projection and replays the whole log into it, in log order, while new events wait.</summary>
    public static async Task<RebuildResult> RebuildAsync(NpgsqlTransaction transaction, CancellationToken ct)
    {
        await EventLogStore.LockForRebuildAsync(transaction, ct);
        await ProjectionStore.ClearAsync(transaction, ct);
        long replayed = 0, last = 0;
        while (true)
        {
            var batch = await EventLogStore.ReadAsync(transaction, last, ReplayBatch, ct);
            foreach (var logged in batch)
            {
                await EventProjections.ApplyAsync(transaction, logged.EventType, logged.Payload, logged.OccurredAt, ct);
            }
            replayed += batch.Count;
            if (batch.Count < ReplayBatch)
            {
                break;
            }
            last = batch[^1].Seq;
        }
        ReportingMetrics.Rebuilds.Add(1);
        return new RebuildResult(replayed, await ProjectionStore.RowsAsync(transaction, ct));
    }
}
