using Microsoft.Extensions.Options;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Contracts.Events.Inspection;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.Reporting.Consumers;
using Supervision.Reporting.Dispatch;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.Reporting.Localization;
using Supervision.Reporting.Openness;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Security;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Reporting.Extensions;

public static class Extensions
{
    /// <summary>What the service template needs to know of reporting.</summary>
    public static readonly SupervisionServiceOptions Service = new()
    {
        Name = ResourceNames.Reporting,
        Database = ResourceNames.ReportingDatabase,
        Assembly = typeof(Extensions).Assembly,
        Consumers = RegisterConsumers,
        Words = ReportingTexts.Words,
    };

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionService(Service);
        builder.Services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section);
        builder.Services.AddSingleton(sp => WorkingCalendar.Load(sp.GetRequiredService<IOptions<DispatchOptions>>().Value.CalendarDirectory));
        builder.Services.AddReportingRules();
        builder.Services.AddDurableTimerHandler<DailyDispatchTimer>();
        builder.Services.AddHostedService<DailyDispatchStarter>();
        builder.Services.AddSingleton<BulletinRequests>();
        builder.Services.AddOptions<PdfOptions>().BindConfiguration(PdfOptions.Section);
        builder.Services.AddSingleton(sp => new PdfPrinter(sp.GetRequiredService<IOptions<PdfOptions>>().Value));
        builder.Services.AddSingleton<DocumentRendering>();

        // Early warnings: the rules are data, checked at start and written to the database, where the projection reads them.
        builder.Services.AddSingleton<IReadOnlyList<EarlyWarningRule>>(sp =>
            EarlyWarningRules.Load(sp.GetRequiredService<IOptions<DispatchOptions>>().Value.CalendarDirectory));
        builder.Services.AddHostedService<EarlyWarningRulesLoader>();

        // Openness in selection: the rules are options checked at start; objections go to intake; the public API is limited per address.
        builder.Services.AddOptions<OpennessOptions>().BindConfiguration(OpennessOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OpennessOptions>, OpennessOptionsValidation>();
        builder.Services.AddDurableTimerHandler<PublicityWindowTimer>();
        builder.Services.AddSingleton<IntakeObjections>();
        builder.AddPlatformGrpcClient<Supervision.Intake.V1.ReportIntake.ReportIntakeClient>(ResourceNames.Intake, "Reporting:IntakeAddress");
        var pseudonymSecret = builder.Configuration["Reporting:Openness:PseudonymKey"] ?? builder.Configuration["Auth:SigningKey"]
                              ?? throw new InvalidOperationException("Reporting:Openness:PseudonymKey (base64) must be set where Auth:SigningKey is not.");
        builder.AddPublicCallerLimits(ResourceNames.Reporting, _ => PublicCallers.DerivedKey(pseudonymSecret, "supervision:reporting:rate-limit"));

        // Requests to be heard: the requester's contact is sealed with keys from configuration (ADR 4).
        builder.Services.AddOptions<HearingOptions>().BindConfiguration(HearingOptions.Section);
        builder.Services.AddSingleton(sp => new HearingSealer(sp.GetRequiredService<IOptions<HearingOptions>>().Value));
        builder.Services.AddSingleton<RequestsToBeHeard>();
        builder.Services.AddSingleton<HearingReading>();

        // Credibility of cadre selection: the survey's dimensions are data checked at start; the demo city's results load where configured.
        builder.Services.AddSingleton(sp => CredibilityDimensions.Load(sp.GetRequiredService<IOptions<DispatchOptions>>().Value.CalendarDirectory));
        builder.Services.AddSingleton<CredibilitySurveys>();
        builder.Services.AddSingleton<CredibilityReading>();
        builder.Services.AddHostedService<CredibilityDemoLoader>();
    }

    /// <summary>The domain's classes; they need the calendar, the city directory and a TimeProvider from the host.</summary>
    public static IServiceCollection AddReportingRules(this IServiceCollection services) => services
        .AddSingleton(sp => new DispatchSchedule(sp.GetRequiredService<WorkingCalendar>(), sp.GetRequiredService<IOptions<DispatchOptions>>().Value))
        .AddSingleton<DailyDispatches>()
        .AddSingleton<TwoWayInterviews>()
        .AddSingleton<ReminderTalks>()
        .AddSingleton(sp => new IndicatorCalculator(sp.GetRequiredService<CityDirectory>(),
            sp.GetRequiredService<IOptions<DispatchOptions>>().Value.TimeZoneOffset))
        .AddSingleton(sp => new Bulletins(sp.GetRequiredService<IndicatorCalculator>(), sp.GetRequiredService<IOptions<DispatchOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()))
        .AddSingleton(sp => new CompetitiveSelection(sp.GetRequiredService<IOptions<OpennessOptions>>().Value, sp.GetRequiredService<Outbox>(),
            sp.GetRequiredService<TimeProvider>()))
        .AddSingleton(sp => new AppointmentPublicity(sp.GetRequiredService<DispatchSchedule>(), sp.GetRequiredService<IOptions<OpennessOptions>>().Value,
            sp.GetRequiredService<Outbox>(), sp.GetRequiredService<TimeProvider>()))
        .AddSingleton<PublicCommitments>()
        .AddSingleton(sp => new OpennessReading(new Figures(sp.GetRequiredService<CityDirectory>()), sp.GetRequiredService<CityDirectory>(),
            sp.GetRequiredService<DispatchSchedule>(), sp.GetRequiredService<CompetitiveSelection>()));

    public static WebApplication MapReportingService(this WebApplication app)
    {
        app.UsePublicCallerAddresses();
        app.MapSupervisionService();
        app.MapGrpcService<ReportingFiguresService>();
        app.MapGrpcService<ReportingOperationsService>();
        app.MapGrpcService<PublicBulletinsService>();
        app.MapGrpcService<HeadInterviewsService>();
        app.MapGrpcService<SupervisionLedgerService>();
        app.MapGrpcService<SelectionService>();
        app.MapGrpcService<PublicOpennessService>();
        app.MapGrpcService<CommitmentsService>();
        app.MapGrpcService<PublicHearingsService>();
        app.MapGrpcService<HearingRequestsService>();
        app.MapGrpcService<EarlyWarningsService>();
        app.MapGrpcService<CredibilityService>();
        app.MapGrpcService<PublicCredibilityService>();
        return app;
    }

    /// <summary>Every message the reporting service handles: each goes to the append-only log and its projections.</summary>
    private static void RegisterConsumers(ServiceConsumers consumers) => consumers
        .Add<EventLogConsumer<ReportReceived>>()
        .Add<EventLogConsumer<CaseOpened>>()
        .Add<EventLogConsumer<CaseAwaitingDispatch>>()
        .Add<EventLogConsumer<CaseAssigned>>()
        .Add<EventLogConsumer<CaseTransferred>>()
        .Add<EventLogConsumer<CaseAcknowledged>>()
        .Add<EventLogConsumer<CaseNotified>>()
        .Add<EventLogConsumer<CaseConcluded>>()
        .Add<EventLogConsumer<FeedbackGiven>>()
        .Add<EventLogConsumer<CaseDisputed>>()
        .Add<EventLogConsumer<CaseReopened>>()
        .Add<EventLogConsumer<CaseClosed>>()
        .Add<EventLogConsumer<CaseEscalated>>()
        .Add<EventLogConsumer<CaseOverdue>>()
        .Add<EventLogConsumer<FindingRecorded>>()
        .Add<EventLogConsumer<TourReportReviewed>>()
        .Add<EventLogConsumer<RectificationItemChanged>>()
        .Add<EventLogConsumer<RectificationOverdue>>()
        .Add<EventLogConsumer<ConsequenceApplied>>()
        .Add<EventLogConsumer<ConsequenceDue>>()
        .Add<EventLogConsumer<RectificationNoticeIssued>>()
        .Add<EventLogConsumer<TeamMemberRecused>>()
        .Add<EventLogConsumer<VisitCompleted>>()
        .Add<EventLogConsumer<CadreConsequenceApplied>>()
        .Add<EventLogConsumer<UnitRanked>>()
        .Add<EventLogConsumer<CaseMovedToElectionClock>>();
}
