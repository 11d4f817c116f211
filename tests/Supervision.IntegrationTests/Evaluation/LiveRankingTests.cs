using Grpc.Core;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>The broadcast stream: two watchers see the same updates in order; a late joiner gets the current state first.</summary>
public sealed class LiveRankingTests(PlatformFixture platform)
{
    private static readonly string[] Units = ["u-370800-approval", "u-370800-education", "u-370800-hrss"];

    [Fact]
    public async Task Should_stream_every_change_in_order_to_two_watchers_and_the_current_state_first_to_a_late_joiner()
    {
        var session = await platform.Scoring.OpenSessionAsync(new OpenSessionRequest
        {
            SheetId = "departments-2026", Title = "现场直播评议", UnitIds = { Units },
        }, PanelRequests.CityOfficer);
        var members = (await platform.Panel.ListMembersAsync(new ListMembersRequest { Status = MemberStatus.Serving, PageSize = 4 },
            PanelRequests.CityOfficer)).Members;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // Both screens are on (each has the opening state) before the first score arrives.
        var first = await WatchAsync(session.SessionId, timeout.Token);
        var second = await WatchAsync(session.SessionId, timeout.Token);

        var submitted = 0;
        foreach (var member in members.Take(3))
        {
            foreach (var unit in Units)
            {
                await ScoreAsync(session.SessionId, member.MemberId, unit, 90 - 10 * Array.IndexOf(Units, unit));
                submitted++;
            }
        }
        // A screen switched on mid-session starts from the ranking as it stands.
        var late = platform.LiveRanking.WatchRanking(new WatchRankingRequest { SessionId = session.SessionId }, cancellationToken: timeout.Token);
        Assert.True(await late.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(submitted, late.ResponseStream.Current.Scores);
        Assert.Equal(Units, late.ResponseStream.Current.Units.Select(u => u.UnitId));

        await ScoreAsync(session.SessionId, members[3].MemberId, Units[0], 20);
        await platform.Scoring.CloseSessionAsync(new CloseSessionRequest { SessionId = session.SessionId }, PanelRequests.CityOfficer);

        var seenByFirst = await first;
        var seenBySecond = await second;
        Assert.Equal(seenByFirst.Select(u => u.Sequence), seenBySecond.Select(u => u.Sequence));
        Assert.True(seenByFirst.Zip(seenByFirst.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        Assert.True(seenByFirst.Zip(seenByFirst.Skip(1)).All(p => p.First.Scores <= p.Second.Scores));
        Assert.True(seenByFirst[^1].Closed);
        Assert.Equal(submitted + 1, seenByFirst[^1].Scores);
        // Every score that ranks units (from the third member on, each unit has 3) shows; nothing is lost at the end.
        Assert.Contains(seenByFirst, u => u.Scores == submitted);
        var lateRest = new List<RankingUpdate>();
        while (await late.ResponseStream.MoveNext(timeout.Token))
        {
            lateRest.Add(late.ResponseStream.Current);
        }
        Assert.Equal(seenByFirst.Where(u => u.Scores > submitted).Select(u => u.Sequence), lateRest.Select(u => u.Sequence));
    }

    /// <summary>Opens a stream, waits for its opening state, then reads on in the background until the session closes.</summary>
    private async Task<Task<List<RankingUpdate>>> WatchAsync(string sessionId, CancellationToken ct)
    {
        var call = platform.LiveRanking.WatchRanking(new WatchRankingRequest { SessionId = sessionId }, cancellationToken: ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        Assert.Equal(0, call.ResponseStream.Current.Scores);
        var updates = new List<RankingUpdate> { call.ResponseStream.Current };
        return ReadRestAsync();

        async Task<List<RankingUpdate>> ReadRestAsync()
        {
            using (call)
            {
                while (await call.ResponseStream.MoveNext(ct))
                {
                    updates.Add(call.ResponseStream.Current);
                }
            }
            return updates;
        }
    }

    private Task ScoreAsync(string sessionId, string memberId, string unitId, double value)
    {
        var request = new SubmitScoreRequest { SessionId = sessionId, MemberId = memberId, UnitId = unitId };
        foreach (var criterion in new[] { "service", "efficiency", "integrity", "openness" })
        {
            request.Criteria[criterion] = value;
        }
        return platform.Scoring.SubmitScoreAsync(request, PanelRequests.CityOfficer).ResponseAsync;
    }
}
