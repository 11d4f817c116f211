using System.Runtime.CompilerServices;
using System.Text.Json;
using StackExchange.Redis;
using Supervision.Evaluation.Domain.Scoring;

namespace Supervision.Evaluation.Data;

/// <summary>One state of a session's live ranking, as broadcast.</summary>
public sealed record LiveRankingState(long Sequence, int Scores, bool Closed, IReadOnlyList<RankedUnit> Units);

/// <summary>
/// The live ranking of a scoring session in Redis: a sorted set of units by rank, the latest state, a sequence and a pub/sub
/// channel. Every instance publishes through one script, which keeps only states newer than the stored one (more scores, or
/// closed), so a slower instance never broadcasts a stale ranking and every watcher sees one increasing sequence.
/// </summary>
public sealed class LiveRankingChannel(IConnectionMultiplexer redis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string PublishScript =
        """
        local version = tonumber(ARGV[2])
        if tonumber(redis.call('GET', KEYS[3]) or '-1') >= version then return false end
        redis.call('SET', KEYS[3], version)
        redis.call('DEL', KEYS[1])
        for i = 4, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1]) end
        local sequence = redis.call('INCR', KEYS[4])
        local state = '{"sequence":' .. sequence .. ',' .. string.sub(ARGV[3], 2)
        redis.call('SET', KEYS[2], state)
        redis.call('PUBLISH', ARGV[1], state)
        return sequence
        """;

    public async Task PublishAsync(SessionRanking ranking)
    {
        var id = ranking.Session.Id;
        var closed = ranking.Session.Status == "closed";
        var scores = ranking.ScoreCount;
        var body = JsonSerializer.Serialize(new { scores, closed, units = ranking.Ranking }, Json);
        // The sorted set orders units by rank (the tie rule included): score = units - rank + 1, best highest.
        var arguments = new List<RedisValue> { Channel(id), scores * 2 + (closed ? 1 : 0), body };
        foreach (var unit in ranking.Ranking)
        {
            arguments.Add(ranking.Ranking.Count - unit.Rank + 1);
            arguments.Add(unit.UnitId);
        }
        await redis.GetDatabase().ScriptEvaluateAsync(PublishScript,
            [Key(id, "order"), Key(id, "state"), Key(id, "version"), Key(id, "sequence")], [.. arguments]);
    }

    /// <summary>The current state first (if any), then every newer state in order, until the session closes or the caller leaves.</summary>
    public async IAsyncEnumerable<LiveRankingState> WatchAsync(Guid sessionId, [EnumeratorCancellation] CancellationToken ct)
    {
        // Subscribe before reading the current state, so that nothing published in between is missed.
        var subscription = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel(sessionId)));
        try
        {
            long last = 0;
            var current = await redis.GetDatabase().StringGetAsync(Key(sessionId, "state"));
            if (current.HasValue)
            {
                var state = Parse(current!);
                last = state.Sequence;
                yield return state;
                if (state.Closed)
                {
                    yield break;
                }
            }
            while (!ct.IsCancellationRequested)
            {
                var message = await subscription.ReadAsync(ct);
                var state = Parse(message.Message!);
                if (state.Sequence <= last)
                {
                    continue;
                }
                last = state.Sequence;
                yield return state;
                if (state.Closed)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private static LiveRankingState Parse(string json) => JsonSerializer.Deserialize<LiveRankingState>(json, Json)!;

    private static string Channel(Guid sessionId) => $"evaluation:live-ranking:{sessionId}";

    private static RedisKey Key(Guid sessionId, string part) => $"evaluation:live-ranking:{sessionId}:{part}";
}
