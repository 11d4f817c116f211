namespace Supervision.Testing;

/// <summary>A Redis server for the test run.</summary>
public sealed class TestRedis
{
    internal TestRedis(string endpoint) => ConnectionString = endpoint;

    /// <summary>"host:port", as StackExchange.Redis and the services' "cache" connection string take it.</summary>
    public string ConnectionString { get; }
}
