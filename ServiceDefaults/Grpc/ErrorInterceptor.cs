using System.Globalization;
using Grpc.Core.Interceptors;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Npgsql;
using Supervision.ServiceDefaults.Localization;
using Supervision.Reference;

namespace Supervision.ServiceDefaults.Grpc;

/// <summary>
/// Turns failures into clean gRPC statuses: a broken domain rule is FAILED_PRECONDITION with its words in the caller's language, a
/// database that cannot be reached is UNAVAILABLE (the caller may retry), anything else INTERNAL without
/// internals in the message.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (DomainRuleException rule)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, rule.In(CultureInfo.CurrentUICulture)));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, PlatformTexts.Words["error.cancelled"]));
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            logger.LogWarning(ex, "{Method} failed on a transient error", context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, PlatformTexts.Words["error.unavailable"]));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Method} failed", context.Method);
            throw new RpcException(new Status(StatusCode.Internal, PlatformTexts.Words["error.internal"]));
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        System.Net.Sockets.SocketException => true,
        _ => ex.InnerException is not null && IsTransient(ex.InnerException),
    };
}
