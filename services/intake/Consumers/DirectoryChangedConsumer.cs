using System.Text.Json;
using MassTransit;
using StackExchange.Redis;
using Supervision.Contracts.Events;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Reference;

namespace Supervision.Intake.Consumers;

/// <summary>
/// Routing's directory changed. One intake instance receives each event (a queue is shared), so the
/// change goes to Redis, ordered by version, where every instance's <see cref="DirectoryCacheSync"/> reads it.
/// </summary>
public sealed class DirectoryChangedConsumer(IConnectionMultiplexer redis) : IConsumer<DirectoryChanged>
{
    public const string ChangesKey = "supervision:directory:changes";

    public Task Consume(ConsumeContext<DirectoryChanged> context) =>
        redis.GetDatabase().SortedSetAddAsync(ChangesKey, JsonSerializer.Serialize(context.Message, EventSerializer.Options), context.Message.Version);
}

/// <summary>Applies directory changes from Redis to this instance's copy of the directory.</summary>
public sealed class DirectoryCacheSync(IConnectionMultiplexer redis, CityDirectory directory, ILogger<DirectoryCacheSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        double applied = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        do
        {
            try
            {
                var changes = await redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(DirectoryChangedConsumer.ChangesKey, applied,
                    double.PositiveInfinity, Exclude.Start);
                foreach (var change in changes)
                {
                    directory.Apply(JsonSerializer.Deserialize<DirectoryChanged>(change.Element.ToString(), EventSerializer.Options)!);
                    applied = change.Score;
                }
                if (changes.Length > 0)
                {
                    logger.LogInformation("Applied {Count} directory change(s), now at version {Version}", changes.Length, applied);
                }
            }
            catch (RedisException ex)
            {
                logger.LogWarning("Directory changes could not be read from Redis: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
