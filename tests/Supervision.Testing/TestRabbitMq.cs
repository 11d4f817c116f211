namespace Supervision.Testing;

/// <summary>A RabbitMQ broker for the test run.</summary>
public sealed class TestRabbitMq
{
    internal TestRabbitMq(Uri amqpUri) => AmqpUri = amqpUri;

    /// <summary>amqp://user:password@host:port/ of the default virtual host.</summary>
    public Uri AmqpUri { get; }

    /// <summary>The AMQP URI as the services read their "messaging" connection string.</summary>
    public string ConnectionString => AmqpUri.ToString();
}
