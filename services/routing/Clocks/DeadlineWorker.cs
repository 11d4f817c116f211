using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Clocks;

/// <summary>
/// Fires due deadlines every few seconds. Deadlines live in PostgreSQL, so they survive restarts;
/// rows are claimed with SKIP LOCKED and marked in the same transaction, so two instances never
/// fire the same one.
/// </summary>
public sealed class DeadlineWorker(NpgsqlDataSource dataSource, CaseWorkflow workflow, TimeProvider time,
    IOptions<ClockOptions> options, ILogger<DeadlineWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await workflow.FireDueDeadlinesAsync(dataSource, time.GetUtcNow(), 50, stoppingToken) == 50)
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
}
