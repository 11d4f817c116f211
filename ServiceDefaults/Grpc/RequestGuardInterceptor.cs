using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.ServiceDefaults.Grpc;

/// <summary>
/// Runs before every handler: a caller that sent a bearer token the service cannot validate is
/// UNAUTHENTICATED (never quietly served as anonymous), and a request that breaks
/// <see cref="RequestTextRules"/> is INVALID_ARGUMENT with a violation for each field.
/// </summary>
public sealed class RequestGuardInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        if (http.Request.Headers.Authorization.Count > 0 && http.User.Identity?.IsAuthenticated != true)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, PlatformTexts.Words["auth.token-invalid"]));
        }
        if (request is IMessage message)
        {
            var violations = new FieldViolations();
            RequestTextRules.Check(message, violations);
            violations.ThrowIfAny();
        }
        return continuation(request, context);
    }
}
