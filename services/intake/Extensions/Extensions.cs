using Microsoft.AspNetCore.HttpOverrides;
using Supervision.Intake.Consumers;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.Grpc;
using Supervision.Intake.Security;
using Supervision.Platform;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Extensions;

public static class Extensions
{
    /// <summary>What the service template needs to know of intake.</summary>
    public static readonly SupervisionServiceOptions Service = new()
    {
        Name = ResourceNames.Intake,
        Database = ResourceNames.IntakeDatabase,
        Assembly = typeof(Extensions).Assembly,
        Consumers = RegisterConsumers,
    };

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionService(Service);

        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section);
        builder.Services.AddSingleton<IdentityProtector>();
        builder.Services.AddSingleton<IntakeMetrics>();
        builder.Services.AddSingleton<CallerRateLimiter>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddHostedService<ReceiptReplayJanitor>();

        // Public limits count per caller address; behind a gateway, trust its X-Forwarded-For.
        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
    }

    public static WebApplication MapIntakeService(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.MapSupervisionService();
        app.MapGrpcService<ReportIntakeService>();
        app.MapGrpcService<ReportAdministrationService>();
        return app;
    }

    /// <summary>Every message intake handles: routing's public-facing case events, which keep a reporter's status true.</summary>
    private static void RegisterConsumers(ServiceConsumers consumers) => consumers
        .Add<CaseOpenedConsumer>()
        .Add<CaseAssignedConsumer>()
        .Add<CaseAwaitingDispatchConsumer>()
        .Add<CaseAcknowledgedConsumer>()
        .Add<CaseTransferredConsumer>()
        .Add<CaseConcludedConsumer>()
        .Add<ReporterQuestionAskedConsumer>()
        .Add<FeedbackGivenConsumer>()
        .Add<CaseDisputedConsumer>()
        .Add<CaseReopenedConsumer>()
        .Add<CaseClosedConsumer>();
}
