using Microsoft.AspNetCore.HttpOverrides;
using MassTransit;
using StackExchange.Redis;
using Supervision.Intake.Consumers;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.Grpc;
using Supervision.Intake.Security;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Reference;

namespace Supervision.Intake.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionAuth();
        builder.AddSupervisionGrpc();
        builder.AddServiceDatabase(ResourceNames.IntakeDatabase, typeof(Extensions).Assembly);
        builder.AddServiceMessaging(RegisterConsumers);

        var redis = builder.Configuration.GetConnectionString(ResourceNames.Cache)
                    ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Cache}' is missing.");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis + ",abortConnect=false"));

        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section);
        builder.Services.AddCityDirectory(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IdentityProtector>();
        builder.Services.AddSingleton<IntakeMetrics>();
        builder.Services.AddSingleton<CallerRateLimiter>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddHostedService<ReceiptReplayJanitor>();
        builder.Services.AddHostedService<DirectoryCacheSync>();

        // Public limits count per caller address; behind a gateway, trust its X-Forwarded-For.
        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
    }

    public static WebApplication UseIntakePipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapIntakeGrpc(this WebApplication app)
    {
        app.MapGrpcService<ReportIntakeService>();
        app.MapGrpcService<ReportAdministrationService>();
        return app;
    }

    /// <summary>Every message intake handles: routing's public-facing case events, which keep a reporter's status true.</summary>
    private static void RegisterConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CaseOpenedConsumer, IntakeConsumerDefinition<CaseOpenedConsumer>>();
        bus.AddConsumer<CaseAssignedConsumer, IntakeConsumerDefinition<CaseAssignedConsumer>>();
        bus.AddConsumer<CaseAwaitingDispatchConsumer, IntakeConsumerDefinition<CaseAwaitingDispatchConsumer>>();
        bus.AddConsumer<CaseAcknowledgedConsumer, IntakeConsumerDefinition<CaseAcknowledgedConsumer>>();
        bus.AddConsumer<CaseTransferredConsumer, IntakeConsumerDefinition<CaseTransferredConsumer>>();
        bus.AddConsumer<CaseConcludedConsumer, IntakeConsumerDefinition<CaseConcludedConsumer>>();
        bus.AddConsumer<ReporterQuestionAskedConsumer, IntakeConsumerDefinition<ReporterQuestionAskedConsumer>>();
        bus.AddConsumer<FeedbackGivenConsumer, IntakeConsumerDefinition<FeedbackGivenConsumer>>();
        bus.AddConsumer<CaseDisputedConsumer, IntakeConsumerDefinition<CaseDisputedConsumer>>();
        bus.AddConsumer<CaseReopenedConsumer, IntakeConsumerDefinition<CaseReopenedConsumer>>();
        bus.AddConsumer<CaseClosedConsumer, IntakeConsumerDefinition<CaseClosedConsumer>>();
        bus.AddConsumer<DirectoryChangedConsumer, IntakeConsumerDefinition<DirectoryChangedConsumer>>();
    }
}
