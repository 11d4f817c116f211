using System.Globalization;
using Microsoft.Extensions.Options;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Consumers;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.Grpc;
using Supervision.Intake.Localization;
using Supervision.Platform;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Security;

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
        Words = IntakeTexts.Words,
    };

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionService(Service);

        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).PostConfigure(options => options.ApplyDefaults());
        builder.Services.AddSingleton<IdentityProtector>();
        builder.Services.AddSingleton<IntakeMetrics>();
        builder.Services.AddSingleton<SubmissionStore>();
        builder.Services.AddSingleton<FollowUpStore>();
        builder.Services.AddSingleton<AdministrationStore>();
        builder.Services.AddSingleton<IdentityRevealStore>();
        builder.Services.AddSingleton<ElectionPeriodStore>();
        builder.Services.AddSingleton<CaseProgressStore>();
        builder.Services.AddSingleton<ReportSubmissions>();
        builder.Services.AddSingleton<SubmissionAdmission>();
        builder.Services.AddSingleton<ResultResponses>();
        builder.Services.AddSingleton<IdentityReveals>();
        builder.Services.AddHostedService<ReceiptReplayJanitor>();

        // Public limits count per caller address; X-Forwarded-For counts only from the configured gateway. Counters are
        // stored under a hash keyed by a key derived from the active identity key.
        builder.AddPublicCallerLimits(ResourceNames.Intake, sp =>
        {
            var options = sp.GetRequiredService<IOptions<IntakeOptions>>().Value;
            return PublicCallers.DerivedKey(options.IdentityKeys[options.ActiveIdentityKey.ToString(CultureInfo.InvariantCulture)],
                "supervision:intake:rate-limit");
        });
    }

    public static WebApplication MapIntakeService(this WebApplication app)
    {
        app.UsePublicCallerAddresses();
        app.MapSupervisionService();
        app.MapGrpcService<ReportIntakeService>();
        app.MapGrpcService<ReportAdministrationService>();
        return app;
    }

    /// <summary>
    /// Every message intake handles: routing's public-facing case events, which keep a reporter's status true.
    /// Each event's steps are its entry in <see cref="PublicProgress.CaseEvents"/>; a question to the reporter is a message.
    /// </summary>
    private static void RegisterConsumers(ServiceConsumers consumers) => consumers
        .Add<CaseProgressConsumer<CaseOpened>>()
        .Add<CaseProgressConsumer<CaseAssigned>>()
        .Add<CaseProgressConsumer<CaseAwaitingDispatch>>()
        .Add<CaseProgressConsumer<CaseAcknowledged>>()
        .Add<CaseProgressConsumer<CaseTransferred>>()
        .Add<CaseProgressConsumer<CaseConcluded>>()
        .Add<ReporterQuestionAskedConsumer>()
        .Add<CaseProgressConsumer<FeedbackGiven>>()
        .Add<CaseProgressConsumer<CaseDisputed>>()
        .Add<CaseProgressConsumer<CaseReopened>>()
        .Add<CaseProgressConsumer<CaseClosed>>();
}
