using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Status = Grpc.Core.Status;

namespace Supervision.ServiceDefaults.Security;

/// <summary>
/// Limits on public (token-less) callers: fixed-window counters in Redis, shared by every instance of a service.
/// If Redis cannot be reached the limiter lets calls through: serving a citizen matters more than throttling them.
/// </summary>
public sealed class CallerRateLimiter(IConnectionMultiplexer redis, TimeProvider time, ILogger<CallerRateLimiter> logger, string service,
    byte[] pseudonymKey)
{
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

    /// <summary>When a refused caller may try again: the end of the current window.</summary>
    public TimeSpan RetryAfter(TimeSpan window)
    {
        var length = (long)window.TotalSeconds * 1000;
        return TimeSpan.FromMilliseconds(length - time.GetUtcNow().ToUnixTimeMilliseconds() % length);
    }

    /// <summary>
    /// RESOURCE_EXHAUSTED with the words for people, a <c>google.rpc.RetryInfo</c> detail and a <c>retry-after</c>
    /// trailer in whole seconds (as HTTP's header), so a client knows when to try again.
    /// </summary>
    public static RpcException Exhausted(string message, TimeSpan retryAfter)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.ResourceExhausted,
            Message = message,
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }) },
        };
        return new RpcException(new Status(StatusCode.ResourceExhausted, message), new Metadata
        {
            { "grpc-status-details-bin", status.ToByteArray() },
            { "retry-after", Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture) },
        });
    }

    /// <summary>The caller's address (after trusted forwarded headers), the key public limits count under.</summary>
    public static string CallerOf(ServerCallContext context) =>
        context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Counters are keyed by a keyed hash of the caller's address, never the address: a citizen's address must not
    // sit in Redis, and a plain hash of an IPv4 address is undone by hashing them all.
    private string Key(string bucket, string caller, TimeSpan window)
    {
        var windowIndex = time.GetUtcNow().ToUnixTimeSeconds() / (long)window.TotalSeconds;
        var pseudonym = Convert.ToHexString(HMACSHA256.HashData(pseudonymKey, Encoding.UTF8.GetBytes(caller)), 0, 16);
        return $"supervision:{service}:rate:{bucket}:{pseudonym}:{windowIndex}";
    }
}

public static class PublicCallers
{
    /// <summary>
    /// Limits for a service's public callers: counted per caller address, <c>X-Forwarded-For</c> believed only from
    /// <see cref="TrustedGateway"/>. <paramref name="pseudonymKey"/> keys the hash the counters are stored under.
    /// </summary>
    public static IHostApplicationBuilder AddPublicCallerLimits(this IHostApplicationBuilder builder, string service,
        Func<IServiceProvider, byte[]> pseudonymKey)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(options => TrustedGateway.Configure(options, builder.Configuration));
        builder.Services.AddSingleton(sp => new CallerRateLimiter(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CallerRateLimiter>>(), service, pseudonymKey(sp)));
        return builder;
    }

    /// <summary>A pseudonym key derived for one purpose from a secret the service already holds (HMAC with the purpose as label).</summary>
    public static byte[] DerivedKey(string base64Secret, string purpose) =>
        HMACSHA256.HashData(Convert.FromBase64String(base64Secret), Encoding.UTF8.GetBytes(purpose));

    /// <summary>Believes forwarded addresses from the trusted gateway only; call before the service's endpoints.</summary>
    public static WebApplication UsePublicCallerAddresses(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
