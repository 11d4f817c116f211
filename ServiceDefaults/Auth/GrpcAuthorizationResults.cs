using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.ServiceDefaults.Auth;

/// <summary>
/// A gRPC call refused by <c>[Authorize]</c> is answered as gRPC, like every other refusal: HTTP 200 with
/// <c>grpc-status</c> UNAUTHENTICATED (no or no valid token) or PERMISSION_DENIED (a token without the role) and a
/// message in the caller's language, instead of ASP.NET Core's bare HTTP 401/403 that a client must map itself.
/// Other requests (health, the dashboard's probes) keep the default answer.
/// </summary>
public sealed class GrpcAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !IsGrpc(context.Request))
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        var (status, message) = authorizeResult.Challenged
            ? (StatusCode.Unauthenticated, context.Request.Headers.Authorization.Count > 0
                ? PlatformTexts.Words["auth.token-invalid"]
                : PlatformTexts.Words["auth.staff-token-required"])
            : (StatusCode.PermissionDenied, PlatformTexts.Words["auth.role-missing"]);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        // Trailers-only: the status travels in the headers of a response without a body.
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
