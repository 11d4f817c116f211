using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Supervision.ServiceDefaults.Security;
using Supervision.Testing;

namespace Supervision.Platform.Tests;

/// <summary>The public callers' limit every service shares, on a real Redis: per caller, per window, across instances, with a retry hint.</summary>
public sealed class CallerRateLimiterTests(TestServers servers) : IAsyncDisposable
{
    // 10:00:45 UTC: 15 seconds before the minute's window ends.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 0, 45, TimeSpan.Zero));
    private readonly string _service = "test-" + Guid.NewGuid().ToString("N")[..8];
    private IConnectionMultiplexer? _redis;

    [Fact]
    public async Task Should_refuse_a_caller_over_the_limit_in_its_window_on_every_instance_and_count_others_apart()
    {
        var first = await LimiterAsync();
        var second = await LimiterAsync();

        Assert.True(await first.TryAcquireAsync("notices", "10.0.0.1", 3, TimeSpan.FromMinutes(1)));
        Assert.True(await second.TryAcquireAsync("notices", "10.0.0.1", 3, TimeSpan.FromMinutes(1)));
        Assert.True(await first.TryAcquireAsync("notices", "10.0.0.1", 3, TimeSpan.FromMinutes(1)));
        Assert.False(await second.TryAcquireAsync("notices", "10.0.0.1", 3, TimeSpan.FromMinutes(1)));
        Assert.True(await first.TryAcquireAsync("notices", "10.0.0.2", 3, TimeSpan.FromMinutes(1)));
        Assert.True(await first.IsExhaustedAsync("notices", "10.0.0.1", 3, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(15), first.RetryAfter(TimeSpan.FromMinutes(1)));

        // A new window, a new count; the address itself is never a key.
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.True(await second.TryAcquireAsync("notices", "10.0.0.1", 3, TimeSpan.FromMinutes(1)));
        var keys = (await _redis!.GetServers().Single().KeysAsync(pattern: $"supervision:{_service}:*").ToListAsync(TestContext.Current.CancellationToken)).Select(k => k.ToString()).ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => k.Contains("10.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_tell_a_refused_caller_when_to_try_again()
    {
        var refused = CallerRateLimiter.Exhausted("请稍后再试", TimeSpan.FromSeconds(14.2));

        Assert.Equal((StatusCode.ResourceExhausted, "请稍后再试"), (refused.StatusCode, refused.Status.Detail));
        Assert.Equal("15", refused.Trailers.GetValue("retry-after"));
        var retry = refused.GetRpcStatus()!.Details.Single().Unpack<RetryInfo>();
        Assert.Equal(TimeSpan.FromSeconds(14.2), retry.RetryDelay.ToTimeSpan());
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task<CallerRateLimiter> LimiterAsync()
    {
        _redis ??= await ConnectionMultiplexer.ConnectAsync((await servers.RedisAsync()).ConnectionString + ",allowAdmin=true");
        return new CallerRateLimiter(_redis, _clock, NullLogger<CallerRateLimiter>.Instance, _service,
            PublicCallers.DerivedKey(Convert.ToBase64String(new byte[32]), "test"));
    }
}
