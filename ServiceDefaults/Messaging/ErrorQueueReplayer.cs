using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Exceptions;
using RabbitMQ.Client;
using Supervision.Platform;
using Supervision.ServiceDefaults.Auth;

namespace Supervision.ServiceDefaults.Messaging;

/// <summary>The receive queues this service consumes from, recorded as MassTransit configures them.</summary>
public sealed class ReceiveQueues
{
    private readonly ConcurrentDictionary<string, byte> _names = new();

    public IReadOnlyCollection<string> Names => _names.Keys.Order(StringComparer.Ordinal).ToList();

    public void Add(string name) => _names.TryAdd(name, 0);
}

/// <summary>
/// Moves messages that exhausted their retries (MassTransit's "{queue}_error") back to their queue,
/// for an operator once the cause is fixed. Each message is acknowledged on the error queue only
/// after the broker confirmed it back on the receive queue, so a replay never loses one.
/// </summary>
public sealed class ErrorQueueReplayer(IConfiguration configuration, ReceiveQueues queues, ILogger<ErrorQueueReplayer> logger)
{
    public async Task<IReadOnlyDictionary<string, int>> ReplayAsync(CancellationToken ct)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(configuration.GetConnectionString(ResourceNames.Messaging)!),
            ClientProvidedName = "supervision-error-replay",
        };
        await using var connection = await factory.CreateConnectionAsync(ct);
        var replayed = new Dictionary<string, int>();
        foreach (var queue in queues.Names)
        {
            replayed[queue] = await ReplayQueueAsync(connection, queue, ct);
        }
        return replayed;
    }

    private async Task<int> ReplayQueueAsync(IConnection connection, string queue, CancellationToken ct)
    {
        var errorQueue = queue + "_error";
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        try
        {
            await channel.QueueDeclarePassiveAsync(errorQueue, ct);
        }
        catch (OperationInterruptedException)
        {
            return 0; // Nothing ever failed on this queue.
        }
        var count = 0;
        while (await channel.BasicGetAsync(errorQueue, autoAck: false, ct) is { } message)
        {
            await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties(message.BasicProperties), message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            count++;
        }
        if (count > 0)
        {
            logger.LogWarning("Replayed {Count} failed message(s) from {ErrorQueue} to {Queue}", count, errorQueue, queue);
        }
        return count;
    }
}

public static class ErrorQueueEndpoints
{
    public const string ReplayPath = "/admin/error-queues/replay";

    /// <summary>POST /admin/error-queues/replay (oversight-officer token): replays every failed message of this service.</summary>
    public static IEndpointRouteBuilder MapErrorQueueReplay(this IEndpointRouteBuilder app)
    {
        app.MapPost(ReplayPath, async (ErrorQueueReplayer replayer, CancellationToken ct) => Results.Ok(await replayer.ReplayAsync(ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.OversightOfficer));
        return app;
    }
}
