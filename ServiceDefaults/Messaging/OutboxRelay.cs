using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Supervision.ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 100;
    /// <summary>How long a batch's publishes, sent together, may wait for the broker's confirms before the batch is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetainSent { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Publishes committed outbox rows to RabbitMQ, a batch of the oldest at a time with the confirms awaited together, and
/// marks each sent once the broker confirmed it. Rows are claimed with SKIP LOCKED, so two instances never publish the same row at
/// once; a crash between confirm and mark re-publishes with the same MessageId, which inboxes drop.
/// </summary>
public sealed class OutboxRelay(NpgsqlDataSource dataSource, IBus bus, OutboxSignal signal, IOptions<OutboxOptions> options,
    OutboxMetrics metrics, ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _lastHousekeeping = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await PublishBatchAsync(stoppingToken);
                failures = 0;
                await HousekeepingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(500 * Math.Pow(2, Math.Min(failures, 5)), 15_000));
                logger.LogWarning("Outbox relay could not publish (attempt {Failures}), retrying in {Delay}: {Reason}",
                    failures, delay, ex.Message);
                await Task.Delay(delay, stoppingToken);
                continue;
            }
            if (published < _options.BatchSize)
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<int> PublishBatchAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
            select id as Id, message_type as MessageType, payload::text as Payload from outbox_messages
            where sent_at is null order by created_at, id limit @batch for update skip locked
            """, new { batch = _options.BatchSize }, transaction, cancellationToken: stoppingToken))).ToList();
        if (rows.Count == 0)
        {
            return 0;
        }

        // The whole batch is published at once and its confirms awaited together: one wait for the broker per batch
        // instead of one per event. A row is marked sent only once its own confirm came back.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.PublishTimeout);
        var outcomes = await Task.WhenAll(rows.Select(row => PublishAsync(row, timeout.Token)));
        stoppingToken.ThrowIfCancellationRequested();
        var sent = rows.Where((_, i) => outcomes[i] is null).Select(row => row.Id).ToList();
        var failed = rows.Select((row, i) => (row.Id, Error: outcomes[i])).Where(r => r.Error is not null).ToList();
        var failure = failed.Count > 0 ? failed[0].Error : null;
        if (failed.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update outbox_messages set attempts = attempts + 1, last_error = @error where id = any(@ids)",
                new { ids = failed.Select(r => r.Id).ToArray(), error = failure!.GetType().Name + ": " + failure.Message }, transaction,
                cancellationToken: stoppingToken));
        }

        if (sent.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update outbox_messages set sent_at = now() where id = any(@ids)", new { ids = sent.ToArray() }, transaction,
                cancellationToken: stoppingToken));
        }
        await transaction.CommitAsync(stoppingToken);
        metrics.Published(sent.Count);
        if (failure is not null)
        {
            throw new InvalidOperationException("Publishing to the broker failed: " + failure.Message, failure);
        }
        return sent.Count;
    }

    /// <summary>Publishes one row with its id as MessageId; null once the broker confirmed it, else what went wrong.</summary>
    private async Task<Exception?> PublishAsync(OutboxRow row, CancellationToken ct)
    {
        try
        {
            var type = EventSerializer.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Payload, type, EventSerializer.Options)!;
            await bus.Publish(message, type, context => context.MessageId = row.Id, ct);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private async Task HousekeepingAsync(CancellationToken stoppingToken)
    {
        if (DateTimeOffset.UtcNow - _lastHousekeeping < TimeSpan.FromSeconds(5))
        {
            return;
        }
        _lastHousekeeping = DateTimeOffset.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        metrics.Backlog = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition("select count(*) from outbox_messages where sent_at is null", cancellationToken: stoppingToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from outbox_messages where sent_at < now() - @retain", new { retain = _options.RetainSent },
            cancellationToken: stoppingToken));
    }
}

/// <summary>Operator metrics of the outbox: events published and events waiting.</summary>
public sealed class OutboxMetrics
{
    private readonly Counter<long> _published;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Extensions.TelemetryPrefix + "Outbox");
        _published = meter.CreateCounter<long>("supervision.outbox.published", "{event}", "Events relayed to the broker");
        meter.CreateObservableGauge("supervision.outbox.backlog", () => Backlog, "{event}", "Committed events not yet confirmed by the broker");
    }

    public long Backlog { get; set; }

    public void Published(int count)
    {
        if (count > 0)
        {
            _published.Add(count);
        }
    }
}
