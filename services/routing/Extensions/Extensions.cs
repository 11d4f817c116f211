using MassTransit;
using Microsoft.Extensions.Options;
using Supervision.Routing.Clocks;
using Supervision.Routing.Consumers;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Routing.Grpc;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Reference;

namespace Supervision.Routing.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionAuth();
        builder.AddSupervisionGrpc();
        builder.AddServiceDatabase(ResourceNames.RoutingDatabase, typeof(Extensions).Assembly);
        builder.AddServiceMessaging(RegisterConsumers);

        builder.Services.AddCityDirectory(builder.Configuration);
        var rulesPath = builder.Configuration["Routing:RulesPath"]
                        ?? throw new InvalidOperationException("Routing:RulesPath must name the routing rules file.");
        builder.Services.AddSingleton(RoutingRules.Load(rulesPath));
        builder.Services.AddOptions<ClockOptions>().BindConfiguration("Routing:Clocks");
        builder.Services.AddSingleton(sp => new ClockPolicy(sp.GetRequiredService<IOptions<ClockOptions>>().Value));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RoutingEngine>();
        builder.Services.AddSingleton<UnitNotifier>();
        builder.Services.AddSingleton<CaseWorkflow>();
        builder.Services.AddSingleton<CaseQueries>();
        builder.Services.AddHostedService<DeadlineWorker>();
        builder.Services.AddSingleton<DirectoryMaintenance>();
        builder.Services.AddHostedService<DirectorySync>();
    }

    public static WebApplication UseRoutingPipeline(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapRoutingGrpc(this WebApplication app)
    {
        app.MapGrpcService<DirectoryService>();
        app.MapGrpcService<CaseHandlingService>();
        return app;
    }

    /// <summary>Every message the routing service handles.</summary>
    private static void RegisterConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ReportReceivedConsumer, ReportReceivedConsumerDefinition>();
        bus.AddConsumer<ReportSupplementedConsumer, ReportSupplementedConsumerDefinition>();
        bus.AddConsumer<ReporterRespondedToResultConsumer>();
    }
}
