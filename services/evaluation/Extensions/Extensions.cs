using Microsoft.Extensions.Options;
using Supervision.Evaluation.Consumers;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Evaluation.Domain.Supervisors;
using Supervision.Evaluation.Domain.Visits;
using Supervision.Evaluation.Grpc;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.Referrals;
using Supervision.Platform;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Evaluation.Extensions;

public static class Extensions
{
    /// <summary>What the service template needs to know of evaluation.</summary>
    public static readonly SupervisionServiceOptions Service = new()
    {
        Name = ResourceNames.Evaluation,
        Database = ResourceNames.EvaluationDatabase,
        Assembly = typeof(Extensions).Assembly,
        Consumers = RegisterConsumers,
        Words = EvaluationTexts.Words,
    };

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSupervisionService(Service);

        builder.Services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.Section);
        builder.Services.AddSingleton(sp => PanelRules.Load(sp.GetRequiredService<IOptions<EvaluationOptions>>().Value.RulesPath is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("Evaluation:RulesPath must name the panel rules file (data/evaluation/panel.json).")));
        builder.Services.AddSingleton<Eligibility>();
        builder.Services.AddSingleton<EvaluationSealer>();
        builder.Services.AddSingleton<PanelQueries>();
        builder.Services.AddSingleton<PanelRecruitment>();
        builder.Services.AddSingleton<PanelTerms>();
        builder.Services.AddDurableTimerHandler<PanelTerms>();
        builder.Services.AddSingleton<TargetedDraws>();
        builder.Services.AddSingleton<TargetedProposals>();
        builder.Services.AddSingleton(sp => ScoringRules.Load(sp.GetRequiredService<IOptions<EvaluationOptions>>().Value.ScoringRulesPath is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("Evaluation:ScoringRulesPath must name the scoring rules file (data/evaluation/scoring.json).")));
        builder.Services.AddSingleton<ScoringSessions>();
        builder.Services.AddDurableTimerHandler<ScoringSessions>();
        builder.Services.AddSingleton<AnnualAssessment>();
        builder.Services.AddSingleton<LiveRankingChannel>();
        builder.Services.AddSingleton<VisitPlans>();
        builder.Services.AddSingleton<VisitProblems>();
        builder.Services.AddSingleton<IntakeReferrals>();
        builder.Services.AddSingleton<CadreWorkSupervisors>();
        // Intake's gRPC endpoint by service discovery (the AppHost references intake); a problem found on a visit is a report.
        builder.AddPlatformGrpcClient<Supervision.Intake.V1.ReportIntake.ReportIntakeClient>(ResourceNames.Intake, "Evaluation:IntakeAddress");
        // Before the service listens, after the migrations: the demo city's panel, once.
        builder.Services.AddHostedService<DemoPanelLoader>();
        // Then, on that panel, the demo city's one finished evaluation (a revealed draw, a closed session), once.
        builder.Services.AddHostedService<DemoEvaluationLoader>();
    }

    public static WebApplication MapEvaluationService(this WebApplication app)
    {
        app.MapSupervisionService();
        app.MapGrpcService<PanelService>();
        app.MapGrpcService<DrawService>();
        app.MapGrpcService<PublicDrawsService>();
        app.MapGrpcService<ScoringService>();
        app.MapGrpcService<LiveRankingService>();
        app.MapGrpcService<VisitService>();
        app.MapGrpcService<AnnualAssessmentService>();
        app.MapGrpcService<WorkSupervisorService>();
        app.MapGrpcService<ReferralService>();
        app.MapGrpcService<TargetedEvaluationService>();
        return app;
    }

    /// <summary>Every message evaluation handles besides the directory's changes (the template adds those).</summary>
    private static void RegisterConsumers(ServiceConsumers consumers)
    {
        // What became of the reports evaluation referred, by report id.
        consumers.Add<ReferralReceivedConsumer>();
        consumers.Add<ReferralCaseOpenedConsumer>();
        consumers.Add<ReferralCaseAssignedConsumer>();
        consumers.Add<ReferralCaseTransferredConsumer>();
        consumers.Add<ReferralCaseAcknowledgedConsumer>();
        consumers.Add<ReferralCaseConcludedConsumer>();
        consumers.Add<ReferralCaseClosedConsumer>();
        consumers.Add<ReferralCaseReopenedConsumer>();
        // Complaints per unit, counted when routing opens a case for a report about it: targeted-evaluation proposals.
        consumers.Add<ComplaintReceivedConsumer>();
        consumers.Add<ComplaintCaseOpenedConsumer>();
    }
}
