using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>A scoring session through the real API: scores from demo members, the ranking, closing with consequences as events.</summary>
public sealed class ScoringTests(PlatformFixture platform)
{
    private static readonly string[] Units = ["u-370800-approval", "u-370800-education", "u-370800-hrss", "u-370800-market", "u-370800-public-security"];
    private static readonly string[] Criteria = ["service", "efficiency", "integrity", "openness"];

    [Fact]
    public async Task Should_rank_robustly_and_close_with_last_place_bottom_three_and_cause_analysis_events()
    {
        var session = await platform.Scoring.OpenSessionAsync(new OpenSessionRequest
        {
            SheetId = "departments-2026", Title = "2026年度市直部门作风评议", UnitIds = { Units },
        }, PanelRequests.CityOfficer);
        var members = (await platform.Panel.ListMembersAsync(new ListMembersRequest { Status = MemberStatus.Serving, PageSize = 10 },
            PanelRequests.CityOfficer)).Members;
        for (var m = 0; m < members.Count; m++)
        {
            for (var u = 0; u < Units.Length; u++)
            {
                // Member 0 scores against the panel: high where others are low.
                var value = m == 0 ? 50 + 10 * u : 95 - 8 * u + m % 3;
                var request = new SubmitScoreRequest { SessionId = session.SessionId, MemberId = members[m].MemberId, UnitId = Units[u] };
                foreach (var criterion in Criteria)
                {
                    request.Criteria[criterion] = value;
                }
                await platform.Scoring.SubmitScoreAsync(request, PanelRequests.CityOfficer);
            }
        }
        var ranking = await platform.Scoring.GetRankingAsync(new GetRankingRequest { SessionId = session.SessionId }, PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.Equal(Units, ranking.Units.Select(u => u.UnitId));
        Assert.Equal(members[0].PanelNumber, ranking.Consistency[0].PanelNumber);

        var closed = await platform.Scoring.CloseSessionAsync(new CloseSessionRequest { SessionId = session.SessionId }, PanelRequests.CityOfficer);
        Assert.True(closed.Session.Closed);
        Assert.Equal([Units[4]], closed.Consequences.Where(c => c.Consequence == "last-place").Select(c => c.UnitId));
        Assert.Equal(Units[2..], closed.Consequences.Where(c => c.Consequence == "key-supervision-target").Select(c => c.UnitId).Order());
        Assert.All(closed.Consequences.Where(c => c.Consequence == "cause-analysis"), c => Assert.True(c.Score < 70 && c.DueAt is not null));
        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        Assert.Equal(closed.Consequences.Count, await connection.ExecuteScalarAsync<int>(
            "select count(*) from outbox_messages where message_type like '%ConsequenceApplied' and payload->>'sessionId' = @id", new { id = session.SessionId }));

        var late = await Assert.ThrowsAsync<RpcException>(() => platform.Scoring.CloseSessionAsync(new CloseSessionRequest { SessionId = session.SessionId },
            PanelRequests.CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_bad_scoring_requests_naming_the_field_and_scores_from_members_out_of_term()
    {
        var officer = PanelRequests.CityOfficer;
        var session = await platform.Scoring.OpenSessionAsync(new OpenSessionRequest { SheetId = "departments-2026", Title = "复评", UnitIds = { Units } }, officer);
        var resigned = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application("enterprise"));
        await platform.Panel.RecordResignationAsync(new RecordResignationRequest { MemberId = resigned.MemberId, Reason = "辞任" }, officer);
        var cases = new (Func<Task> Call, string Field)[]
        {
            (() => platform.Scoring.OpenSessionAsync(new OpenSessionRequest { SheetId = "none", Title = "t", UnitIds = { Units } }, officer).ResponseAsync, "sheet_id"),
            (() => platform.Scoring.OpenSessionAsync(new OpenSessionRequest { SheetId = "departments-2026", Title = "t", UnitIds = { Units[0], "u-370800-party" } }, officer).ResponseAsync, "unit_ids[1]"),
            (() => platform.Scoring.OpenSessionAsync(new OpenSessionRequest { SheetId = "departments-2026", Title = "t", UnitIds = { Units[0] } }, officer).ResponseAsync, "unit_ids"),
            (() => platform.Scoring.SubmitScoreAsync(new SubmitScoreRequest { SessionId = session.SessionId, MemberId = resigned.MemberId, UnitId = Units[0], Criteria = { ["service"] = 101 } }, officer).ResponseAsync, "criteria[service]"),
            (() => platform.Scoring.SubmitScoreAsync(new SubmitScoreRequest { SessionId = session.SessionId, MemberId = resigned.MemberId, UnitId = Units[0], Criteria = { ["speed"] = 1 } }, officer).ResponseAsync, "criteria[speed]"),
            (() => platform.Scoring.GetRankingAsync(new GetRankingRequest { SessionId = "s-1" }, officer).ResponseAsync, "session_id"),
        };
        foreach (var (call, field) in cases)
        {
            var violations = Reports.Violations(await Assert.ThrowsAsync<RpcException>(call));
            Assert.True(violations.ContainsKey(field), $"expected {field}, got {string.Join(", ", violations.Keys)}");
        }
        var full = new SubmitScoreRequest { SessionId = session.SessionId, MemberId = resigned.MemberId, UnitId = Units[0] };
        foreach (var criterion in Criteria)
        {
            full.Criteria[criterion] = 80;
        }
        var outOfTerm = await Assert.ThrowsAsync<RpcException>(() => platform.Scoring.SubmitScoreAsync(full, officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, outOfTerm.StatusCode);
        Assert.Contains("not serving", outOfTerm.Status.Detail);
        var auditor = await Assert.ThrowsAsync<RpcException>(() => platform.Scoring.SubmitScoreAsync(full, PlatformFixture.StaffHeaders("370800", Roles.Auditor)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, auditor.StatusCode);
    }
}
