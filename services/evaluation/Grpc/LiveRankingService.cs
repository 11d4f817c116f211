using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Grpc;

/// <summary>The broadcast screen's stream: no token; the current ranking first, then each change in order.</summary>
public sealed class LiveRankingService(ScoringSessions sessions, ScoringRules rules, CityDirectory directory, LiveRankingChannel live)
    : LiveRanking.LiveRankingBase
{
    public override async Task WatchRanking(WatchRankingRequest request, IServerStreamWriter<RankingUpdate> responseStream, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("session_id", request.SessionId, violations);
        violations.ThrowIfAny();
        var ranking = await sessions.RankingAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("scoring.session-not-found");
        // A session nobody scored yet has no live state: start the screen from the database's (empty) ranking.
        if (ranking.Ranking.Count == 0 && ranking.Session.Status == "open")
        {
            await live.PublishAsync(ranking);
        }
        var sheet = rules.FindSheet(ranking.Session.SheetId)!;
        await foreach (var state in live.WatchAsync(id, context.CancellationToken))
        {
            var update = new RankingUpdate { Sequence = state.Sequence, Scores = state.Scores, Closed = state.Closed };
            update.Units.AddRange(state.Units.Select(u => ScoringService.ToProto(u, sheet, directory)));
            await responseStream.WriteAsync(update, context.CancellationToken);
        }
    }
}
