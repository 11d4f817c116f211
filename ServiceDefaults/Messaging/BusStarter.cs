using Dapper;
using MassTransit;
using MassTransit.Transports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Supervision.ServiceDefaults.Messaging;

/// <summary>How instances of one service take turns starting their buses (configuration section <c>Messaging:Start</c>).</summary>
public sealed class BusStartOptions
{
    /// <summary>How long an instance keeps the turn while its bus is not yet ready (the broker may be down): then the next goes.</summary>
    public TimeSpan HoldTurn { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an instance waits for its turn, or for the database to give it, before it starts its bus anyway.</summary>
    public TimeSpan WaitForTurn { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How long an instance started before the broker waits for the broker's port to open before it starts its bus anyway
    /// (MassTransit then retries the connection on its own, up to 30 s apart, so starting on the port's opening is sooner).
    /// </summary>
    public TimeSpan WaitForBroker { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Starts the bus in place of MassTransit's hosted service, one instance of a service at a time.
/// <para>
/// Why: on a broker that has never seen a service's queues, two instances starting together declare the same new quorum
/// queues at once. RabbitMQ can then refuse a consume while a queue's replica is still starting and close the channel;
/// RabbitMQ.Client 7.2 leaves a declaration waiting on that channel forever, and MassTransit 8.5 waits on it, so the bus
/// never reports started and the instance stays unhealthy (found in ADR 16, reproduced by <c>BusStartTests</c>). An
/// instance therefore takes its service's turn (a PostgreSQL advisory lock in the service's own database, which every
/// instance shares) and holds it until its bus is ready, or for <see cref="BusStartOptions.HoldTurn"/> at most; the next
/// instance then finds every queue declared and running.
/// </para>
/// The service does not wait for its bus: it starts, serves and fills its outbox while the broker is down.
/// </summary>
public sealed class BusStarter(IBusDepot depot, IBusControl bus, NpgsqlDataSource dataSource, ConsumingService service,
    BrokerAddress broker, IOptions<BusStartOptions> options, ILogger<BusStarter> logger) : IHostedService, IAsyncDisposable
{
    private readonly BusStartOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;

    /// <summary>Whether this instance had its turn (false: it started without one, the database not answering in time).</summary>
    public bool TookTurn { get; private set; }

    /// <summary>Completes when the bus has been asked to start (after this instance's turn came).</summary>
    public Task Starting => _starting.Task;

    private readonly TaskCompletionSource _starting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await depot.Stop(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        Turn? turn;
        try
        {
            await WaitForBrokerAsync(stopping);
            turn = await TakeTurnAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _starting.TrySetResult();
            return;
        }
        TookTurn = turn is not null;
        try
        {
            _starting.TrySetResult();
            var started = depot.Start(stopping);
            _ = started.ContinueWith(t => logger.LogWarning(t.Exception, "The bus did not start: {Reason}", t.Exception?.GetBaseException().Message),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            // Keep the turn until every queue of this instance is consuming, so the next instance finds them running.
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            hold.CancelAfter(_options.HoldTurn);
            while (turn is not null && !hold.IsCancellationRequested && !started.IsCompleted && bus.CheckHealth().Status != BusHealthStatus.Healthy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), hold.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            if (turn is not null)
            {
                await turn.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until the broker's port accepts a connection (the platform may start its services while the broker boots).</summary>
    private async Task WaitForBrokerAsync(CancellationToken stopping)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        wait.CancelAfter(_options.WaitForBroker);
        while (!wait.IsCancellationRequested)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(wait.Token);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                await client.ConnectAsync(broker.Host, broker.Port, attempt.Token);
                return;
            }
            catch (Exception) when (!stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), wait.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        stopping.ThrowIfCancellationRequested();
        logger.LogWarning("The broker at {Host}:{Port} did not answer within {Wait}; starting the bus anyway", broker.Host, broker.Port,
            _options.WaitForBroker);
    }

    /// <summary>
    /// The service's turn to start its bus: an advisory lock held by an open transaction, so it is given back when the
    /// transaction ends or its connection dies; null if it did not come in time.
    /// </summary>
    private async Task<Turn?> TakeTurnAsync(CancellationToken stopping)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        wait.CancelAfter(_options.WaitForTurn);
        while (true)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await dataSource.OpenConnectionAsync(wait.Token);
                var transaction = await connection.BeginTransactionAsync(wait.Token);
                await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended(@turn, 0))",
                    new { turn = "bus-start:" + service.Name }, transaction, commandTimeout: 0, cancellationToken: wait.Token));
                return new Turn(connection, transaction);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
                if (wait.IsCancellationRequested)
                {
                    logger.LogWarning("Starting the bus without waiting for the other instances of {Service}: no turn within {Wait} ({Reason})",
                        service.Name, _options.WaitForTurn, ex.Message);
                    return null;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), wait.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private sealed class Turn(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.RollbackAsync();
            }
            catch (Exception)
            {
                // A connection that died gave the lock back with it.
            }
            await connection.DisposeAsync();
        }
    }
}

/// <summary>Where the broker listens, from the <c>messaging</c> connection string (amqp://user:password@host:port/).</summary>
public sealed record BrokerAddress(string Host, int Port)
{
    public static BrokerAddress From(Uri amqp) => new(amqp.Host, amqp.IsDefaultPort || amqp.Port < 0 ? 5672 : amqp.Port);
}
