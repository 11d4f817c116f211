using System.Collections.Concurrent;
using System.Diagnostics;
using Supervision.Testing.Containers;
using Supervision.Testing.Local;

namespace Supervision.Testing;

/// <summary>
/// PostgreSQL, RabbitMQ and Redis for component tests, from one place. Each server starts the first time
/// a test asks for it and stops when the fixture is disposed: Testcontainers' modules where a container
/// engine answers, the machine's own server binaries otherwise. SUPERVISION_TEST_SERVERS=containers|local
/// overrides the choice. Use it as an xunit assembly fixture:
/// <c>[assembly: AssemblyFixture(typeof(TestServers))]</c>.
/// </summary>
public sealed class TestServers : IAsyncDisposable
{
    private readonly Lazy<(TestServerMode Mode, IServerSource Source)> _source = new(ChooseSource);
    private readonly ConcurrentBag<IAsyncDisposable> _running = [];
    private readonly Lazy<Task<TestPostgres>> _postgres;
    private readonly Lazy<Task<TestRabbitMq>> _rabbitMq;
    private readonly Lazy<Task<TestRedis>> _redis;

    public TestServers()
    {
        _postgres = new(() => StartAsync("PostgreSQL", source => source.StartPostgresAsync()));
        _rabbitMq = new(() => StartAsync("RabbitMQ", source => source.StartRabbitMqAsync()));
        _redis = new(() => StartAsync("Redis", source => source.StartRedisAsync()));
    }

    /// <summary>Where the servers come from in this run (decided, and logged, on first use).</summary>
    public TestServerMode Mode => _source.Value.Mode;

    /// <summary>The run's PostgreSQL server, started on the first call.</summary>
    public Task<TestPostgres> PostgresAsync() => _postgres.Value;

    /// <summary>The run's RabbitMQ broker, started on the first call (it takes several seconds).</summary>
    public Task<TestRabbitMq> RabbitMqAsync() => _rabbitMq.Value;

    /// <summary>The run's Redis server, started on the first call.</summary>
    public Task<TestRedis> RedisAsync() => _redis.Value;

    public async ValueTask DisposeAsync()
    {
        if (!_source.IsValueCreated)
        {
            return;
        }
        // A start still under way is waited for, so what it starts is stopped too.
        foreach (var starting in new Task[] { Started(_postgres), Started(_rabbitMq), Started(_redis) })
        {
            try
            {
                await starting;
            }
            catch (Exception)
            {
                // A server that failed to start cleaned up after itself; the tests that asked for it saw why.
            }
        }
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(_running.Select(server => server.DisposeAsync().AsTask()));
        await _source.Value.Source.DisposeAsync();
        Log($"stopped in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static Task Started<T>(Lazy<Task<T>> server) => server.IsValueCreated ? server.Value : Task.CompletedTask;

    private async Task<T> StartAsync<T>(string name, Func<IServerSource, Task<Started<T>>> start)
    {
        var source = _source.Value.Source;
        var clock = Stopwatch.StartNew();
        var started = await start(source);
        _running.Add(started.Lifetime);
        Log($"{name} ready at {started.Address} in {clock.Elapsed.TotalSeconds:0.0} s");
        return started.Server;
    }

    // Standard error: under `dotnet test`, xunit v3 drops what the test process writes to standard output
    // outside a test, while its standard error reaches the run's log.
    private static void Log(string message) => Console.Error.WriteLine("Test servers: " + message);

    private static (TestServerMode, IServerSource) ChooseSource()
    {
        var (mode, description) = TestServerModes.Choose();
        Log(description);
        return (mode, mode == TestServerMode.Containers ? new ContainerServers() : new LocalServers());
    }
}
