namespace Supervision.Testing;

/// <summary>Starts the servers one way (containers or local binaries); disposing it removes what the way left behind.</summary>
internal interface IServerSource : IAsyncDisposable
{
    Task<Started<TestPostgres>> StartPostgresAsync();

    Task<Started<TestRabbitMq>> StartRabbitMqAsync();

    Task<Started<TestRedis>> StartRedisAsync();
}

/// <summary>A server that answers, with what stops it.</summary>
internal sealed record Started<TServer>(TServer Server, string Address, IAsyncDisposable Lifetime);
