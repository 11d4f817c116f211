using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>
/// Middle-level cadres ranked as one group through the real API (十佳十差): the top ten cited, the bottom ten in the city-wide
/// warning bulletin, a full tie at the boundary sharing the citation, each an event, worded in the caller's language.
/// </summary>
public sealed class CadreRankingTests(PlatformFixture platform)
{
    // 22 middle-level cadres of the demo directory that no other test scores.
    private static readonly string[] Cadres =
    [
        "c-0119", "c-0124", "c-0132", "c-0133", "c-0136", "c-0139", "c-0140", "c-0143", "c-0146", "c-0147", "c-0151",
        "c-0156", "c-0162", "c-0163", "c-0166", "c-0169", "c-0170", "c-0173", "c-0177", "c-0182", "c-0189", "c-0190",
    ];
    private static readonly string[] Criteria = ["integrity", "diligence", "ability", "conduct"];

    [Fact]
    public async Task Should_cite_the_top_ten_and_warn_the_bottom_ten_with_a_full_tie_at_the_boundary_sharing_the_citation()
    {
        var officer = PanelRequests.CityOfficer;
        var session = await platform.Scoring.OpenSessionAsync(new OpenSessionRequest
        {
            SheetId = "middle-level-cadres-2026", Title = "2026年度中层干部“十佳十差”评议", CadreIds = { Cadres },
        }, officer);
        Assert.Equal(("middle-level-cadres", 22), (session.Subjects, session.CadreIds.Count));
        Assert.Empty(session.UnitIds);
        var members = (await platform.Panel.ListMembersAsync(new ListMembersRequest { Status = MemberStatus.Serving, PageSize = 3 }, officer)).Members;
        for (var c = 0; c < Cadres.Length; c++)
        {
            // Cadre i scores 98 − 2i, but the 11th exactly as the 10th: a full tie the id alone would break.
            var value = 98 - 2 * (c == 10 ? 9 : c);
            foreach (var member in members)
            {
                var request = new SubmitScoreRequest { SessionId = session.SessionId, MemberId = member.MemberId, CadreId = Cadres[c] };
                foreach (var criterion in Criteria)
                {
                    request.Criteria[criterion] = value;
                }
                await platform.Scoring.SubmitScoreAsync(request, officer);
            }
        }
        var unitScore = new SubmitScoreRequest { SessionId = session.SessionId, MemberId = members[0].MemberId, UnitId = "u-370826-approval" };
        Assert.Contains("cadre_id", Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Scoring.SubmitScoreAsync(unitScore, officer).ResponseAsync)).Keys);

        var closed = await platform.Scoring.CloseSessionAsync(new CloseSessionRequest { SessionId = session.SessionId }, officer);
        Assert.Equal(Cadres, closed.Units.Select(u => u.CadreId));
        Assert.Equal("u-370826-org", closed.Units[0].UnitId);
        var cited = closed.Consequences.Where(c => c.Consequence == "merit-citation").OrderBy(c => c.Rank).ToList();
        var warned = closed.Consequences.Where(c => c.Consequence == "warning-bulletin").OrderBy(c => c.Rank).ToList();
        Assert.Equal(Cadres[..11], cited.Select(c => c.CadreId));
        Assert.Equal(Cadres[12..], warned.Select(c => c.CadreId));
        Assert.DoesNotContain(closed.Consequences, c => c.Consequence is "last-place" or "key-supervision-target" or "cause-analysis");
        Assert.StartsWith("Merit citation: ", cited[0].Text);
        Assert.Contains("ranked 1 of 22", cited[0].Text);
        Assert.StartsWith("City-wide warning bulletin: ", warned[^1].Text);

        var inChinese = new Metadata { { "accept-language", "zh-CN" } };
        foreach (var header in PlatformFixture.StaffHeaders("370800", Roles.Auditor))
        {
            inChinese.Add(header);
        }
        var read = await platform.Scoring.GetRankingAsync(new GetRankingRequest { SessionId = session.SessionId }, inChinese);
        var bulletin = read.Consequences.Single(c => c.CadreId == Cadres[^1] && c.Consequence == "warning-bulletin").Text;
        Assert.StartsWith("全市警示通报：", bulletin);
        Assert.Contains("第22名（共22名）", bulletin);

        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        var events = (await connection.QueryAsync<(string Type, string Cadre, string Consequence)>(
            """
            select message_type, payload->>'cadreId', payload->>'consequence' from outbox_messages
            where payload->>'sessionId' = @id and (message_type like '%ConsequenceApplied' or message_type like '%UnitRanked')
            """, new { id = session.SessionId })).ToList();
        Assert.Equal(21, events.Count);
        Assert.All(events, e => Assert.EndsWith("CadreConsequenceApplied", e.Type));
        Assert.Equal(Cadres[..11], events.Where(e => e.Consequence == "merit-citation").Select(e => e.Cadre).Order());
    }

    [Fact]
    public async Task Should_refuse_a_cadre_session_naming_units_unknown_cadres_or_cadres_who_are_not_middle_level()
    {
        var officer = PanelRequests.CityOfficer;
        var cases = new (OpenSessionRequest Request, string Field)[]
        {
            (new() { SheetId = "middle-level-cadres-2026", Title = "t", CadreIds = { Cadres[0], "c-9999" } }, "cadre_ids[1]"),
            (new() { SheetId = "middle-level-cadres-2026", Title = "t", CadreIds = { Cadres[0], "c-0001" } }, "cadre_ids[1]"),
            (new() { SheetId = "middle-level-cadres-2026", Title = "t", CadreIds = { Cadres[0], Cadres[0] } }, "cadre_ids[1]"),
            (new() { SheetId = "middle-level-cadres-2026", Title = "t", CadreIds = { Cadres[0] } }, "cadre_ids"),
            (new() { SheetId = "middle-level-cadres-2026", Title = "t", CadreIds = { Cadres[..2] }, UnitIds = { "u-370826-approval" } }, "unit_ids"),
            (new() { SheetId = "departments-2026", Title = "t", UnitIds = { "u-370826-approval", "u-370826-hrss" }, CadreIds = { Cadres[0] } }, "cadre_ids"),
        };
        foreach (var (request, field) in cases)
        {
            var violations = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Scoring.OpenSessionAsync(request, officer).ResponseAsync));
            Assert.True(violations.ContainsKey(field), $"expected {field}, got {string.Join(", ", violations.Keys)}");
        }
    }
}
