using Microsoft.Extensions.Options;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Grpc;
using Supervision.Evaluation.Localization;
using Supervision.Platform;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Messaging;

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
        builder.Services.AddSingleton<PanelQueries>();
    }

    public static WebApplication MapEvaluationService(this WebApplication app)
    {
        app.MapSupervisionService();
        app.MapGrpcService<PanelService>();
        return app;
    }

    /// <summary>Every message evaluation handles besides the directory's changes (the template adds those).</summary>
    private static void RegisterConsumers(ServiceConsumers consumers)
    {
    }
}
