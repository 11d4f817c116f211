using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.ServiceDefaults.Timers;

public sealed class DurableTimerOptions
{
    public const string Section = "DurableTimers";

    /// <summary>How often each instance looks for due timers.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    /// <summary>The first wait before a timer whose handler failed is tried again; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Fires due durable timers. Rows are claimed with SKIP LOCKED and marked fired in the transaction their
/// handler writes in, so two instances never fire the same timer and a crash fires it again later, never
/// half. Each timer runs under its own savepoint: a failing handler is rolled back, its attempt counted and
/// its timer pushed back, without holding up the others.
/// </summary>
public sealed class DurableTimerWorker(NpgsqlDataSource dataSource, IEnumerable<IDurableTimerHandler> handlers, Outbox outbox,
    TimeProvider time, IOptions<DurableTimerOptions> options, ILogger<DurableTimerWorker> logger) : BackgroundService
{
    private static readonly Meter Meter = new("Supervision.DurableTimers");
    private static readonly Counter<long> Fired = Meter.CreateCounter<long>("supervision.timers.fired", description: "Durable timers fired");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("supervision.timers.failed", description: "Durable timer handler failures");

    private readonly Dictionary<string, IDurableTimerHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _handlers.Count == 0
        ? Task.CompletedTask
        : PollingLoop.RunAsync(FireDueAsync, options.Value.BatchSize, options.Value.PollInterval, time, logger, "Durable timers", stoppingToken);

    /// <summary>Fires up to one batch of due timers in one transaction; returns how many were claimed.</summary>
    public async Task<int> FireDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var due = (await connection.QueryAsync<DueRow>(new CommandDefinition(
            """
            select id as Id, kind as Kind, subject as Subject, due_at as DueAt, payload::text as Payload, attempts as Attempts
            from durable_timers
            where fired_at is null and cancelled_at is null and due_at <= @now and kind = any(@kinds)
            order by due_at limit @batch for update skip locked
            """, new { now = now.UtcDateTime, kinds = _handlers.Keys.ToArray(), batch = options.Value.BatchSize }, transaction, cancellationToken: ct))).ToList();
        var fired = 0;
        foreach (var row in due)
        {
            var timer = new FiredTimer(row.Id, row.Kind, row.Subject, new DateTimeOffset(DateTime.SpecifyKind(row.DueAt, DateTimeKind.Utc)),
                JsonDocument.Parse(row.Payload).RootElement.Clone(), row.Attempts + 1);
            await transaction.SaveAsync("timer", ct);
            try
            {
                await _handlers[row.Kind].FireAsync(transaction, timer, ct);
                await connection.ExecuteAsync(new CommandDefinition(
                    "update durable_timers set fired_at = @now, attempts = attempts + 1, last_error = null where id = @id",
                    new { now = now.UtcDateTime, id = row.Id }, transaction, cancellationToken: ct));
                fired++;
                Fired.Add(1, new KeyValuePair<string, object?>("kind", row.Kind));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                await transaction.RollbackAsync("timer", ct);
                var delay = TimeSpan.FromTicks(Math.Min(options.Value.MaxRetryDelay.Ticks,
                    options.Value.RetryDelay.Ticks * (1L << Math.Min(row.Attempts, 20))));
                await connection.ExecuteAsync(new CommandDefinition(
                    "update durable_timers set attempts = attempts + 1, last_error = @error, due_at = @retryAt where id = @id",
                    new { error = ex.GetType().Name + ": " + ex.Message, retryAt = (now + delay).UtcDateTime, id = row.Id }, transaction, cancellationToken: ct));
                Failed.Add(1, new KeyValuePair<string, object?>("kind", row.Kind));
                logger.LogWarning("Timer {Kind} {TimerId} failed (attempt {Attempt}), trying again in {Delay}: {Reason}",
                    row.Kind, row.Id, row.Attempts + 1, delay, ex.Message);
            }
        }
        await transaction.CommitAsync(ct);
        if (fired > 0)
        {
            outbox.NotifyCommitted();
        }
        return due.Count;
    }

    private sealed record DueRow(Guid Id, string Kind, string Subject, DateTime DueAt, string Payload, int Attempts);
}

/// <summary>
/// The loop of every worker that fires due rows: fire batches while full ones come back, then wait one poll
/// interval on the service's clock. A failed pass is logged and tried again at the next poll.
/// </summary>
public static class PollingLoop
{
    public static async Task RunAsync(Func<CancellationToken, Task<int>> fireBatch, int batchSize, TimeSpan pollInterval, TimeProvider time,
        ILogger logger, string what, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await fireBatch(stoppingToken) == batchSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("{What} could not be checked: {Reason}", what, ex.Message);
            }
            try
            {
                await Task.Delay(pollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class DurableTimerExtensions
{
    /// <summary>Registers what the service does when timers of <typeparamref name="THandler"/>'s kind fire.</summary>
    public static IServiceCollection AddDurableTimerHandler<THandler>(this IServiceCollection services)
        where THandler : class, IDurableTimerHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDurableTimerHandler, THandler>());
        return services;
    }
}
