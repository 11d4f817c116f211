using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using Supervision.Platform;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>JWT bearer authentication with Supervision's claim names, and role authorization.</summary>
    public static TBuilder AddSupervisionAuth<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new InvalidOperationException("Configure Auth:Authority (OIDC) or Auth:SigningKey (development).");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                RoleClaimType = SupervisionClaims.Role,
                NameClaimType = SupervisionClaims.Subject,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
            }
            else
            {
                jwt.RequireHttpsMetadata = false;
                jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(DevelopmentTokens.KeyBytes(options.SigningKey!));
            }
        });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResults>();
        return builder;
    }

    /// <summary>The authenticated staff caller, or null for an anonymous caller.</summary>
    public static StaffCaller? StaffCallerOrNull(this ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        return StaffCaller.From(user);
    }

    /// <summary>The authenticated staff caller; the method must be protected by [Authorize].</summary>
    public static StaffCaller RequireStaffCaller(this ServerCallContext context) =>
        context.StaffCallerOrNull() ?? throw new RpcException(new Status(StatusCode.Unauthenticated, PlatformTexts.Words["auth.staff-token-required"]));
}

/// <summary>Who is calling: subject, roles and jurisdiction (a division code).</summary>
public sealed record StaffCaller(string Subject, IReadOnlySet<string> Roles, string DivisionCode)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsInAnyRole(IEnumerable<string> roles) => roles.Any(Roles.Contains);

    public static StaffCaller From(ClaimsPrincipal user)
    {
        var roles = user.FindAll(SupervisionClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var division = user.FindFirst(SupervisionClaims.Division)?.Value ?? "";
        var subject = user.FindFirst(SupervisionClaims.Subject)?.Value ?? "unknown";
        return new StaffCaller(subject, roles, division);
    }
}
