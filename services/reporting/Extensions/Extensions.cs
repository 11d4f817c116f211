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
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Messaging;
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
    }

    /// <summary>The domain's classes; they need the calendar, the city directory and a TimeProvider from the host.</summary>
    public static IServiceCollection AddReportingRules(this IServiceCollection services) => services
        .AddSingleton(sp => new DispatchSchedule(sp.GetRequiredService<WorkingCalendar>(), sp.GetRequiredService<IOptions<DispatchOptions>>().Value))
        .AddSingleton<DailyDispatches>()
        .AddSingleton<TwoWayInterviews>()
        .AddSingleton(sp => new IndicatorCalculator(sp.GetRequiredService<CityDirectory>(),
            sp.GetRequiredService<IOptions<DispatchOptions>>().Value.TimeZoneOffset))
        .AddSingleton(sp => new Bulletins(sp.GetRequiredService<IndicatorCalculator>(), sp.GetRequiredService<IOptions<DispatchOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));

    public static WebApplication MapReportingService(this WebApplication app)
    {
        app.MapSupervisionService();
        app.MapGrpcService<ReportingFiguresService>();
        app.MapGrpcService<ReportingOperationsService>();
        app.MapGrpcService<PublicBulletinsService>();
        app.MapGrpcService<HeadInterviewsService>();
        app.MapGrpcService<SupervisionLedgerService>();
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
        .Add<EventLogConsumer<VisitCompleted>>();
}
