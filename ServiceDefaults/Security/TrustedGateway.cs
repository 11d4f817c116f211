using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Supervision.ServiceDefaults.Security;

/// <summary>
/// Public limits count per caller address, so X-Forwarded-For counts only when the configured gateway sent it.
/// ASP.NET Core trusts loopback by default, and every call reaches the service from loopback through the
/// AppHost's proxy: with that default, any caller could pick its own address.
/// </summary>
public static class TrustedGateway
{
    public const string Section = "Gateway:TrustedProxies";

    /// <summary>Trusts X-Forwarded-For from the configured proxies only; none configured: the header is ignored.</summary>
    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in configuration.GetSection(Section).Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}: '{proxy}' is not an IP address."));
        }
        if (options.KnownProxies.Count == 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.None;
        }
    }
}
