using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.V1;
using Supervision.Reference;

namespace Supervision.Evaluation.Grpc;

/// <summary>The citizen panel: recruitment, vetting, terms and composition.</summary>
public sealed class PanelService(PanelRules rules, PanelQueries queries, CityDirectory directory, TimeProvider time) : Panel.PanelBase
{
    public override async Task<Composition> GetComposition(GetCompositionRequest request, ServerCallContext context)
    {
        EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var now = time.GetUtcNow();
        var composition = PanelComposition.Of(await queries.ServingProfilesAsync(now, context.CancellationToken), rules, directory,
            DateOnly.FromDateTime(now.UtcDateTime));
        var reply = new Composition
        {
            Serving = composition.Serving,
            Grassroots = composition.Grassroots,
            GrassrootsShare = composition.GrassrootsShare,
            GrassrootsShareMinimum = composition.GrassrootsShareMinimum,
        };
        reply.BySector.AddRange(Counts(composition.BySector));
        reply.ByDivision.AddRange(Counts(composition.ByDivision));
        reply.ByAgeBand.AddRange(Counts(composition.ByAgeBand));
        reply.ByGender.AddRange(Counts(composition.ByGender));
        return reply;
    }

    private static IEnumerable<Count> Counts(IEnumerable<KeyValuePair<string, int>> tally) =>
        tally.Select(t => new Count { Key = t.Key, Members = t.Value });
}
