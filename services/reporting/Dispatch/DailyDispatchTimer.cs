using System.Globalization;
using Npgsql;
using Supervision.Reporting.Domain;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Reporting.Dispatch;

/// <summary>The daily dispatch's durable timer (ADR 11): fires once across instances, makes the day's dispatch and schedules the next.</summary>
public sealed class DailyDispatchTimer(DailyDispatches dispatches, ILogger<DailyDispatchTimer> logger) : IDurableTimerHandler
{
    public string Kind => DailyDispatches.TimerKind;

    public async Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct)
    {
        var date = DateOnly.ParseExact(timer.Subject, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (dispatches.Schedule.Calendar.IsWorkingDay(date) && await dispatches.GenerateAsync(transaction, date, ct))
        {
            ReportingMetrics.DispatchesGenerated.Add(1);
            logger.LogInformation("Daily dispatch of {Date} generated", timer.Subject);
        }
        var next = await dispatches.ScheduleNextAsync(transaction, date, ct);
        logger.LogInformation("Next daily dispatch: {Date}", DailyDispatches.Subject(next));
    }
}

/// <summary>At start, makes sure the next daily dispatch has its timer (the first start, or a calendar that changed).</summary>
public sealed class DailyDispatchStarter(NpgsqlDataSource dataSource, DailyDispatches dispatches) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two instances starting together wait for each other here, so the second sees what the first scheduled.
        await transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('reporting-daily-dispatch'))", null, cancellationToken);
        await dispatches.ScheduleNextAsync(transaction, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
