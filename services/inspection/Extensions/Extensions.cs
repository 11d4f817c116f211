using Supervision.Inspection.Consumers;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Grpc;
using Supervision.Inspection.Localization;
using Supervision.Inspection.Referrals;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Security;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Inspection.Extensions;

public static class Extensions
{
    /// <summary>What the service template needs to know of inspection.</summary>
    public static readonly SupervisionServiceOptions Service = new()
    {
        Name = ResourceNames.Inspection,
        Database = ResourceNames.InspectionDatabase,
        Assembly = typeof(Extensions).Assembly,
        Consumers = RegisterConsumers,
        Words = InspectionTexts.Words,
    };

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionService(Service);

        var dataPath = builder.Configuration["Inspection:DataPath"]
                       ?? throw new InvalidOperationException("Inspection:DataPath must name the folder of the inspection rules and inspector pool.");
        var rules = InspectionRules.Load(Path.Combine(dataPath, "rules.json"));
        builder.Services.AddSingleton(rules);
        builder.Services.AddSingleton(sp =>
        {
            var pool = InspectorPoolFile.Load(Path.Combine(dataPath, "inspectors.json"));
            var problems = pool.Problems(sp.GetRequiredService<CityDirectory>(), rules);
            return problems.Count == 0 ? pool : throw new InvalidOperationException("inspectors.json: " + string.Join("; ", problems));
        });
        builder.Services.AddHostedService<InspectorPoolSeed>();
        builder.Services.AddSingleton(_ =>
        {
            var plans = DemoPlanFile.Load(Path.Combine(dataPath, "plans.json"));
            var problems = plans.Problems();
            return problems.Count == 0 ? plans : throw new InvalidOperationException("plans.json: " + string.Join("; ", problems));
        });
        builder.Services.AddHostedService<DemoPlanSeed>();
        // After the pool and the plans: the demo city's completed tour, replayed through the domain once.
        builder.Services.AddHostedService<DemoTourLoader>();
        builder.Services.AddInspectionRules();
        builder.Services.AddSingleton<ProtoMapping>();
        builder.Services.AddSingleton<TourRecordsRequests>();
        // Built now, so that the service does not start without a key to seal interviewees' identities (ADR 4).
        builder.Services.AddSingleton(new IntervieweeSealer(new DataSealer(
            builder.Configuration.GetSection("Inspection:SealingKeys").GetChildren().ToDictionary(k => k.Key, k => k.Value ?? ""),
            builder.Configuration.GetValue("Inspection:ActiveSealingKey", 1), "Inspection:SealingKeys")));
        // Intake's gRPC endpoint by service discovery (the AppHost references intake): a finding referred for investigation is a report.
        builder.AddPlatformGrpcClient<Supervision.Intake.V1.ReportIntake.ReportIntakeClient>(ResourceNames.Intake, "Inspection:IntakeAddress");
        builder.Services.AddSingleton<FindingIntake>();
        builder.Services.AddSingleton<FindingReferrals>();
    }

    /// <summary>The domain's classes; they need the rules, the city directory, the outbox and a TimeProvider from the host.</summary>
    public static IServiceCollection AddInspectionRules(this IServiceCollection services) => services
        .AddSingleton<InspectionTransactions>()
        .AddSingleton<Recusal>()
        .AddSingleton<TeamConflicts>()
        .AddSingleton<CandidateRanking>()
        .AddSingleton<InspectionWording>()
        .AddSingleton<TourPlanningSteps>()
        .AddSingleton<TourWorkSteps>()
        .AddSingleton<RectificationSteps>()
        .AddSingleton<PreAnnouncements>()
        .AddSingleton<TourClosing>()
        .AddSingleton<WorkRecordSteps>()
        .AddSingleton<AssessmentSteps>()
        .AddSingleton<RecommendationSteps>()
        .AddSingleton<InspectionMetrics>()
        .AddMetrics()
        .AddSingleton<TourCaseloadQueries>()
        .AddDurableTimerHandler<RectificationOverdueHandler>();

    public static WebApplication MapInspectionService(this WebApplication app)
    {
        app.MapSupervisionService();
        app.MapGrpcService<InspectorPoolService>();
        app.MapGrpcService<TourPlanningService>();
        app.MapGrpcService<TourWorkService>();
        app.MapGrpcService<RectificationService>();
        app.MapGrpcService<PublicInspectionService>();
        app.MapGrpcService<TourRecordsService>();
        // The gauges of inspection's own work report from the start, not from the first change.
        app.Services.GetRequiredService<InspectionMetrics>();
        app.MapGrpcService<TourCaseloadService>();
        return app;
    }

    /// <summary>Every message the inspection service handles.</summary>
    private static void RegisterConsumers(ServiceConsumers consumers) => consumers
        .Add<ReportReceivedConsumer>()
        .Add<CaseOpenedConsumer>()
        .Add<CaseConcludedConsumer>()
        .Add<CaseOverdueConsumer>()
        .Add<CaseClosedConsumer>()
        .Add<ElectionPeriodSetConsumer>()
        .Add<ElectionPeriodDeletedConsumer>();
}
