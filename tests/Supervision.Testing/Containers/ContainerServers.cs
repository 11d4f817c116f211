using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace Supervision.Testing.Containers;

/// <summary>
/// The servers as Testcontainers modules. The images carry the same major versions as the Debian packages
/// the other mode runs, so both modes test against the same servers. Testcontainers' reaper removes the
/// containers even when the test process dies.
/// </summary>
internal sealed class ContainerServers : IServerSource
{
    private const string PostgresImage = "postgres:15";
    private const string RabbitMqImage = "rabbitmq:3.10";
    private const string RedisImage = "redis:7.0";

    public async Task<Started<TestPostgres>> StartPostgresAsync()
    {
        // The module already turns durability off; each test's database brings its own connection pool.
        var container = new PostgreSqlBuilder(PostgresImage).WithCommand("-c", "max_connections=300").Build();
        await container.StartAsync();
        var server = new NpgsqlConnectionStringBuilder(container.GetConnectionString());
        return new(new TestPostgres(server.Host!, server.Port, server.Username!, server.Password!), $"{server.Host}:{server.Port}", container);
    }

    public async Task<Started<TestRabbitMq>> StartRabbitMqAsync()
    {
        var container = new RabbitMqBuilder(RabbitMqImage).Build();
        await container.StartAsync();
        var uri = new Uri(container.GetConnectionString());
        return new(new TestRabbitMq(uri), $"{uri.Host}:{uri.Port}", container);
    }

    public async Task<Started<TestRedis>> StartRedisAsync()
    {
        var container = new RedisBuilder(RedisImage).Build();
        await container.StartAsync();
        var endpoint = container.GetConnectionString();
        return new(new TestRedis(endpoint), endpoint, container);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
