using Dapper;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>The demo city's finished evaluation, loaded once by two instances at start: a verifiable draw and a closed, ranked session.</summary>
public sealed class DemoEvaluationTests(PlatformFixture platform)
{
    // DemoEvaluation.SessionId in the service: fixed, so the demo reads without a lookup.
    private const string SessionId = "0193a000-0000-7000-8000-00000000de01";

    [Fact]
    public async Task Should_hold_one_revealed_draw_whose_members_scored_one_closed_session_with_its_consequences()
    {
        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        var drawId = Assert.Single(await connection.QueryAsync<Guid>("select id from draws where committed_by = 'demo-city'")).ToString();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from scoring_sessions where opened_by = 'demo-city'"));

        var draw = await platform.PublicDraws.GetPublishedDrawAsync(new GetPublishedDrawRequest { DrawId = drawId });
        Assert.Equal((DrawStatus.Revealed, 30, "u-370829-approval"), (draw.Status, draw.Selected.Count, draw.UnitId));
        var verified = await platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { DrawId = drawId });
        Assert.True(verified.MatchesPublished);

        var ranking = await platform.Scoring.GetRankingAsync(new GetRankingRequest { SessionId = SessionId }, PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.True(ranking.Session.Closed);
        Assert.Equal(6, ranking.Units.Count);
        Assert.Contains("u-370829-approval", ranking.Units.Select(u => u.UnitId));
        Assert.All(ranking.Units, u => Assert.Equal(30, u.Scores));
        // Exactly the drawn members scored.
        Assert.Equal(draw.Selected.Order(), ranking.Consistency.Select(c => c.PanelNumber).Order());
        Assert.Equal([ranking.Units[^1].UnitId], ranking.Consequences.Where(c => c.Consequence == "last-place").Select(c => c.UnitId));
        Assert.Equal(ranking.Units.TakeLast(3).Select(u => u.UnitId).Order(),
            ranking.Consequences.Where(c => c.Consequence == "key-supervision-target").Select(c => c.UnitId).Order());
        Assert.All(ranking.Consequences, c => Assert.NotEmpty(c.Text));
        Assert.Equal(6, await connection.ExecuteScalarAsync<int>(
            "select count(*) from outbox_messages where message_type like '%UnitRanked' and payload->>'sessionId' = @id", new { id = SessionId }));
    }
}
