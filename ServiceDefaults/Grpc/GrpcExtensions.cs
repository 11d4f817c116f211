using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Supervision.ServiceDefaults.Grpc;

public static class GrpcExtensions
{
    /// <summary>gRPC with the error interceptor and the request guard, the standard health service and server reflection.</summary>
    public static TBuilder AddSupervisionGrpc<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<RequestGuardInterceptor>();
            options.MaxReceiveMessageSize = 1024 * 1024;
        });
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }

    /// <summary>grpc.health.v1 (reporting the service's health checks) and reflection.</summary>
    public static IEndpointRouteBuilder MapSupervisionGrpcInfrastructure(this IEndpointRouteBuilder app)
    {
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
