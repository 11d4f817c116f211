using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Platform.Tests;

public sealed class TrustedGatewayTests
{
    [Fact]
    public async Task Should_ignore_forwarded_address_without_a_configured_gateway()
    {
        var remote = await RemoteAddressAfterForwardedHeaders(new Dictionary<string, string?>(), from: IPAddress.Loopback);

        Assert.Equal(IPAddress.Loopback, remote);
    }

    [Fact]
    public async Task Should_ignore_forwarded_address_from_a_proxy_other_than_the_gateway()
    {
        var remote = await RemoteAddressAfterForwardedHeaders(
            new Dictionary<string, string?> { ["Gateway:TrustedProxies:0"] = "192.0.2.10" }, from: IPAddress.Loopback);

        Assert.Equal(IPAddress.Loopback, remote);
    }

    [Fact]
    public async Task Should_take_forwarded_address_from_the_configured_gateway()
    {
        var remote = await RemoteAddressAfterForwardedHeaders(
            new Dictionary<string, string?> { ["Gateway:TrustedProxies:0"] = "127.0.0.1", ["Gateway:TrustedProxies:1"] = "::1" },
            from: IPAddress.Loopback);

        Assert.Equal(IPAddress.Parse("203.0.113.7"), remote);
    }

    [Fact]
    public void Should_refuse_a_gateway_that_is_not_an_address()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:TrustedProxies:0"] = "gateway.local" }).Build();

        Assert.Throws<InvalidOperationException>(() => TrustedGateway.Configure(new ForwardedHeadersOptions(), configuration));
    }

    private static async Task<IPAddress?> RemoteAddressAfterForwardedHeaders(Dictionary<string, string?> settings, IPAddress from)
    {
        var options = new ForwardedHeadersOptions();
        TrustedGateway.Configure(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            Options.Create(options));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = from;
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        await middleware.Invoke(context);
        return context.Connection.RemoteIpAddress;
    }
}
