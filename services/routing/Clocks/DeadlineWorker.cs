using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Messaging;

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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await FireDueAsync(stoppingToken) == Batch)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Deadlines could not be checked: {Reason}", ex.Message);
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

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
