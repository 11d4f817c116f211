using Google.Rpc;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Routing;

/// <summary>The public (token-less) PublicNotices service limits each caller address, through the real API and Redis.</summary>
public sealed class PublicNoticeRateLimitTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_refuse_a_caller_over_the_limit_with_when_to_try_again_and_serve_other_callers()
    {
        var notices = new PublicNotices.PublicNoticesClient(platform.RoutingChannel);
        var address = $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
        var request = new ListOutcomeNoticesRequest { DivisionCode = "370800", PageSize = 1 };
        // The window is the clock's minute: start well inside one.
        var left = 60 - DateTimeOffset.UtcNow.Second;
        if (left < 20)
        {
            await Task.Delay(TimeSpan.FromSeconds(left + 1));
        }

        // A malformed call is refused for what it is, and counts nothing.
        var malformed = await Assert.ThrowsAsync<RpcException>(() =>
            notices.ListOutcomeNoticesAsync(new ListOutcomeNoticesRequest(), PlatformFixture.PublicCaller(address)).ResponseAsync);
        Assert.Contains("division_code", Reports.Violations(malformed).Keys);
        for (var call = 0; call < PlatformFixture.PublicNoticeListingsPerMinute; call++)
        {
            await notices.ListOutcomeNoticesAsync(request, PlatformFixture.PublicCaller(address));
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => notices.ListOutcomeNoticesAsync(request, PlatformFixture.PublicCaller(address)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("查询过于频繁，请稍后再试。", refused.Status.Detail);
        var retryDelay = refused.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan();
        Assert.InRange(retryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(Math.Ceiling(retryDelay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Trailers.GetValue("retry-after"));
        var english = await Assert.ThrowsAsync<RpcException>(() =>
            notices.ListOutcomeNoticesAsync(request, PlatformFixture.PublicCaller(address, "en")).ResponseAsync);
        Assert.StartsWith("Too many requests", english.Status.Detail);

        // Another address (as the trusted gateway forwards it) is its own caller.
        Assert.NotNull(await notices.ListOutcomeNoticesAsync(request, PlatformFixture.PublicCaller()));
    }
}
