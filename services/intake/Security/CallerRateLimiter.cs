using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Supervision.Intake.Domain;
using Supervision.Intake.Localization;

namespace Supervision.Intake.Security;

/// <summary>
/// Fixed-window counters in Redis, shared by every instance. If Redis cannot be reached the limiter
/// lets calls through: accepting a citizen's report matters more than throttling it.
/// </summary>
public sealed class CallerRateLimiter(IConnectionMultiplexer redis, TimeProvider time, IOptions<IntakeOptions> options, ILogger<CallerRateLimiter> logger)
{
    // Counters are keyed by a keyed hash of the caller's address, never the address: an anonymous reporter's
    // address must not sit in Redis, and a plain hash of an IPv4 address is undone by hashing them all.
    private readonly byte[] _pseudonymKey = HMACSHA256.HashData(
        Convert.FromBase64String(options.Value.IdentityKeys[options.Value.ActiveIdentityKey.ToString(CultureInfo.InvariantCulture)]),
        "supervision:intake:rate-limit"u8);

    /// <summary>Counts one call; false when the caller is over <paramref name="limit"/> in the current window.</summary>
    public async Task<bool> TryAcquireAsync(string bucket, string caller, int limit, TimeSpan window)
    {
        var key = Key(bucket, caller, window);
        try
        {
            var database = redis.GetDatabase();
            var count = await database.StringIncrementAsync(key);
            if (count == 1)
            {
                await database.KeyExpireAsync(key, window + TimeSpan.FromSeconds(5));
            }
            return count <= limit;
        }
        catch (RedisException ex)
        {
            logger.LogWarning("Rate limiter unavailable, allowing the call: {Reason}", ex.Message);
            return true;
        }
    }

    /// <summary>True when the caller already used up <paramref name="limit"/> in the current window (counts nothing).</summary>
    public async Task<bool> IsExhaustedAsync(string bucket, string caller, int limit, TimeSpan window)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(bucket, caller, window));
            return value.HasValue && (long)value >= limit;
        }
        catch (RedisException ex)
        {
            logger.LogWarning("Rate limiter unavailable, allowing the call: {Reason}", ex.Message);
            return false;
        }
    }

    private string Key(string bucket, string caller, TimeSpan window)
    {
        var windowIndex = time.GetUtcNow().ToUnixTimeSeconds() / (long)window.TotalSeconds;
        var pseudonym = Convert.ToHexString(HMACSHA256.HashData(_pseudonymKey, Encoding.UTF8.GetBytes(caller)), 0, 16);
        return $"supervision:intake:rate:{bucket}:{pseudonym}:{windowIndex}";
    }

    /// <summary>The caller's address (after trusted forwarded headers), the key public limits count under.</summary>
    public static string CallerOf(ServerCallContext context) =>
        context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <param name="wordingKey">The words of the refusal in <see cref="IntakeTexts"/>.</param>
    public static RpcException Exhausted(string wordingKey) =>
        new(new Status(StatusCode.ResourceExhausted, IntakeTexts.Words[wordingKey]));
}
