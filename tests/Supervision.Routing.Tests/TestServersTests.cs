using System.Text;
using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;
using Supervision.Testing;

// One set of servers for the whole test assembly, each started when a test first asks for it.
[assembly: AssemblyFixture(typeof(TestServers))]

namespace Supervision.Routing.Tests;

/// <summary>The shared servers really serve, in whichever mode this run chose.</summary>
public sealed class TestServersTests(TestServers servers)
{
    [Fact]
    public async Task Should_answer_a_query_on_postgres()
    {
        var postgres = await servers.PostgresAsync();

        await using var connection = new NpgsqlConnection(postgres.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select 1", connection);

        Assert.Equal(1, await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Should_keep_a_value_on_redis()
    {
        var redis = await servers.RedisAsync();

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();
        await database.StringSetAsync("test-servers:probe", "answered");

        Assert.Equal("answered", (string?)await database.StringGetAsync("test-servers:probe"));
    }

    [Fact]
    public async Task Should_carry_a_message_through_a_quorum_queue_on_rabbitmq()
    {
        const string queue = "test-servers-probe";
        var rabbitMq = await servers.RabbitMqAsync();

        await using var connection = await new ConnectionFactory { Uri = rabbitMq.AmqpUri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.BasicPublishAsync("", queue, Encoding.UTF8.GetBytes("answered"));
        var received = await channel.BasicGetAsync(queue, autoAck: true);

        Assert.NotNull(received);
        Assert.Equal("answered", Encoding.UTF8.GetString(received.Body.Span));
    }
}
