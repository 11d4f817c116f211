using System.Text.Json;
using Dapper;
using Npgsql;

namespace Supervision.ServiceDefaults.Timers;

/// <summary>
/// Schedules and cancels durable timers inside the caller's transaction: a timer exists if and only if the
/// state change that needs it was committed. <see cref="DurableTimerWorker"/> fires it once, whichever
/// instance claims it first. One pending timer per (kind, subject): scheduling it again keeps the first.
/// </summary>
public static class DurableTimers
{
    /// <summary>
    /// Schedules a timer of <paramref name="kind"/> about <paramref name="subject"/> at <paramref name="due"/>.
    /// Returns false when one of that kind and subject is already pending (it is kept as it is).
    /// </summary>
    public static async Task<bool> ScheduleAsync(NpgsqlTransaction transaction, string kind, string subject, DateTimeOffset due,
        object? payload = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var inserted = await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            insert into durable_timers (id, kind, subject, due_at, payload) values (@id, @kind, @subject, @due, @payload::jsonb)
            on conflict (kind, subject) where fired_at is null and cancelled_at is null do nothing
            """,
            new { id = Guid.CreateVersion7(), kind, subject, due = due.UtcDateTime, payload = JsonSerializer.Serialize(payload ?? new { }) },
            transaction, cancellationToken: ct));
        return inserted == 1;
    }

    /// <summary>Moves the pending timer of that kind and subject to <paramref name="due"/>, or schedules it. </summary>
    public static async Task RescheduleAsync(NpgsqlTransaction transaction, string kind, string subject, DateTimeOffset due,
        object? payload = null, CancellationToken ct = default)
    {
        await CancelAsync(transaction, kind, subject, ct);
        await ScheduleAsync(transaction, kind, subject, due, payload, ct);
    }

    /// <summary>Cancels the pending timer of that kind and subject; returns whether there was one.</summary>
    public static async Task<bool> CancelAsync(NpgsqlTransaction transaction, string kind, string subject, CancellationToken ct = default) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "update durable_timers set cancelled_at = now() where kind = @kind and subject = @subject and fired_at is null and cancelled_at is null",
            new { kind, subject }, transaction, cancellationToken: ct)) > 0;

    /// <summary>The pending timer of that kind and subject, if any.</summary>
    public static Task<PendingTimer?> FindPendingAsync(NpgsqlConnection connection, string kind, string subject, CancellationToken ct = default) =>
        connection.QuerySingleOrDefaultAsync<PendingTimer?>(new CommandDefinition(
            """
            select id as Id, kind as Kind, subject as Subject, due_at as DueAt, attempts as Attempts from durable_timers
            where kind = @kind and subject = @subject and fired_at is null and cancelled_at is null
            """, new { kind, subject }, cancellationToken: ct));
}

/// <summary>A timer not yet fired nor cancelled.</summary>
public sealed record PendingTimer(Guid Id, string Kind, string Subject, DateTime DueAt, int Attempts)
{
    public DateTimeOffset DueAtUtc => new(DateTime.SpecifyKind(DueAt, DateTimeKind.Utc));
}

/// <summary>A timer being fired: its handler runs in the transaction that marks it fired.</summary>
public sealed record FiredTimer(Guid Id, string Kind, string Subject, DateTimeOffset DueAt, JsonElement Payload, int Attempts)
{
    public T? PayloadAs<T>() => Payload.Deserialize<T>();
}

/// <summary>
/// What a service does when a timer of its <see cref="Kind"/> fires. It runs inside the transaction that marks
/// the timer fired: what it writes (state, outbox events, the next timer of a recurring run) commits with it,
/// or not at all. Throwing rolls back its work; the timer is tried again later.
/// </summary>
public interface IDurableTimerHandler
{
    string Kind { get; }

    Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct);
}
