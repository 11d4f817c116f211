using Microsoft.Extensions.Options;
using Supervision.Platform;
using Supervision.Routing.Clocks;
using Supervision.Routing.Consumers;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Routing.Grpc;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Security;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Routing.Extensions;

public static class Extensions
{
    /// <summary>What the service template needs to know of routing.</summary>
    public static readonly SupervisionServiceOptions Service = new()
    {
        Name = ResourceNames.Routing,
        Database = ResourceNames.RoutingDatabase,
        Assembly = typeof(Extensions).Assembly,
        Consumers = RegisterConsumers,
        OwnsDirectory = true,
        Words = RoutingTexts.Words,
    };

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionService(Service);

        var rulesPath = builder.Configuration["Routing:RulesPath"]
                        ?? throw new InvalidOperationException("Routing:RulesPath must name the routing rules file.");
        builder.Services.AddSingleton(RoutingRules.Load(rulesPath));
        builder.Services.AddOptions<ClockOptions>().BindConfiguration("Routing:Clocks");
        builder.Services.AddOptions<DutyOptions>().BindConfiguration(DutyOptions.Section)
            .Validate(o => o.IsValid, $"{DutyOptions.Section}: WarnAhead must not be negative and DailyCheckAt must be a time of day.").ValidateOnStart();
        builder.Services.AddCaseRules();
        builder.Services.AddSingleton<CaseQueries>();
        builder.Services.AddHostedService<DeadlineWorker>();
        builder.Services.AddDurableTimerHandler<DutyCheckTimer>().AddDurableTimerHandler<DutyGapWarningTimer>();
        builder.Services.AddSingleton<DirectoryMaintenance>();

        // PublicNotices is public: its callers are limited per address, stored under a hash keyed from the service's secret.
        builder.Services.AddOptions<PublicNoticesOptions>().BindConfiguration(PublicNoticesOptions.Section)
            .Validate(o => o.ListingsPerMinute > 0, $"{PublicNoticesOptions.Section}:ListingsPerMinute must be at least 1.").ValidateOnStart();
        var pseudonymSecret = builder.Configuration["Routing:PublicNotices:PseudonymKey"] ?? builder.Configuration["Auth:SigningKey"]
                              ?? throw new InvalidOperationException("Routing:PublicNotices:PseudonymKey (base64) must be set where Auth:SigningKey is not.");
        builder.AddPublicCallerLimits(ResourceNames.Routing, _ => PublicCallers.DerivedKey(pseudonymSecret, "supervision:routing:rate-limit"));
    }

    /// <summary>
    /// The domain's classes, by lifecycle phase. They need the clock options, the city directory, the
    /// routing rules, the outbox and a TimeProvider from the host (the tests' hosts give their own).
    /// </summary>
    public static IServiceCollection AddCaseRules(this IServiceCollection services) => services
        .AddSingleton(sp => new ClockPolicy(sp.GetRequiredService<IOptions<ClockOptions>>().Value))
        .AddSingleton<RoutingEngine>()
        .AddSingleton<CaseWording>()
        .AddSingleton<UnitNotifier>()
        .AddSingleton<PhoneNotices>()
        .AddSingleton<CaseAssignment>()
        .AddSingleton<CaseOpening>()
        .AddSingleton<CaseHandlingSteps>()
        .AddSingleton<CaseConclusion>()
        .AddSingleton<DeadlineEscalation>()
        .AddSingleton<DutyCoverage>();

    public static WebApplication MapRoutingService(this WebApplication app)
    {
        app.UsePublicCallerAddresses();
        app.MapSupervisionService();
        app.MapGrpcService<DirectoryService>();
        app.MapGrpcService<CaseHandlingService>();
        app.MapGrpcService<PublicNoticesService>();
        return app;
    }

    /// <summary>Every message the routing service handles.</summary>
    private static void RegisterConsumers(ServiceConsumers consumers) => consumers
        .Add<ReportReceivedConsumer>()
        .Add<ReportSupplementedConsumer>()
        .Add<ReporterRespondedToResultConsumer>()
        .Add<ElectionPeriodSetConsumer>()
        .Add<ElectionPeriodDeletedConsumer>();
}
