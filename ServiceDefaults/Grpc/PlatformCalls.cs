using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Platform;

namespace Supervision.ServiceDefaults.Grpc;

/// <summary>
/// How one service of the platform calls another over gRPC: a typed client found by service discovery (the AppHost
/// references the callee) unless configuration names an address, and a short-lived service token naming the calling
/// service as its subject, with the one role and division the call needs.
/// </summary>
public static class PlatformCalls
{
    public static readonly TimeSpan ServiceTokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Registers <typeparamref name="TClient"/> for the platform resource <paramref name="resourceName"/>;
    /// <paramref name="addressKey"/> (for example "Evaluation:IntakeAddress") overrides the address when set.</summary>
    public static IHttpClientBuilder AddPlatformGrpcClient<TClient>(this IHostApplicationBuilder builder, string resourceName, string addressKey)
        where TClient : class =>
        builder.Services.AddGrpcClient<TClient>(o => o.Address = new Uri(builder.Configuration[addressKey] is { Length: > 0 } address
            ? address
            : $"http://_{ResourceNames.GrpcEndpoint}.{resourceName}"));

    /// <summary>Call headers carrying a service token signed with the platform's key (Auth:SigningKey).</summary>
    public static Metadata ServiceTokenHeaders(IConfiguration configuration, string serviceSubject, string role, string divisionCode)
    {
        var signingKey = configuration["Auth:SigningKey"]
                         ?? throw new InvalidOperationException($"Auth:SigningKey is needed to mint {serviceSubject}'s service token.");
        var token = DevelopmentTokens.Mint(signingKey, serviceSubject, [role], divisionCode, ServiceTokenLifetime);
        return new Metadata { { "authorization", "Bearer " + token } };
    }
}
