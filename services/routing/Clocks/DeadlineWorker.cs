using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Routing.Clocks;

/// <summary>
/// Fires due deadlines every poll interval. Deadlines live in PostgreSQL, so they survive restarts;
/// rows are claimed with SKIP LOCKED and marked in the same transaction, so two instances never
/// fire the same one.
/// </summary>
public sealed class DeadlineWorker(NpgsqlDataSource dataSource, DeadlineEscalation escalation, Outbox outbox, TimeProvider time,
    IOptions<ClockOptions> options, ILogger<DeadlineWorker> logger) : BackgroundService
{
    private const int Batch = 50;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(FireDueAsync, Batch, options.Value.PollInterval, time, logger, "Deadlines", stoppingToken);

    private async Task<int> FireDueAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var fired = await escalation.FireDueAsync(transaction, time.GetUtcNow(), Batch, ct);
        await transaction.CommitAsync(ct);
        if (fired > 0)
        {
            outbox.NotifyCommitted();
        }
        return fired;
    }
}
