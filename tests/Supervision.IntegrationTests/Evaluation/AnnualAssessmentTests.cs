using System.Text;
using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>
/// The annual assessment through the real API: two closed sessions of the year feed three units' scores (weights as data),
/// each unit's final place goes out as UnitRanked, the assessment pages and exports as a CSV Excel opens in Chinese.
/// </summary>
public sealed class AnnualAssessmentTests(PlatformFixture platform)
{
    // Departments of 鱼台县 (370827) that no other test scores.
    private static readonly string[] Units = ["u-370827-approval", "u-370827-hrss", "u-370827-natural-resources"];

    [Fact]
    public async Task Should_weigh_the_years_sessions_per_group_publish_each_units_place_and_export_the_rows_as_csv()
    {
        var members = (await platform.Panel.ListMembersAsync(new ListMembersRequest { Status = MemberStatus.Serving, PageSize = 3 },
            PanelRequests.CityOfficer)).Members;
        // departments-2026: 90, 80, 70; law-enforcement-2026: the first two only, 60 and 100.
        var departments = await ScoreAsync("departments-2026", ["service", "efficiency", "integrity", "openness"], members, (Units[0], 90), (Units[1], 80), (Units[2], 70));
        await ScoreAsync("law-enforcement-2026", ["lawful-procedure", "fairness", "conduct"], members, (Units[0], 60), (Units[1], 100));

        await using (var connection = new NpgsqlConnection(platform.EvaluationDatabase))
        {
            var ranked = (await connection.QueryAsync<(string Unit, int Rank, double Score, string Group)>(
                """
                select payload->>'unitId', (payload->>'rank')::int, (payload->>'score')::float8, payload->>'group' from outbox_messages
                where message_type like '%UnitRanked' and payload->>'sessionId' = @id order by 2
                """, new { id = departments })).ToList();
            Assert.Equal([(Units[0], 1, 90.0, "departments"), (Units[1], 2, 80.0, "departments"), (Units[2], 3, 70.0, "departments")], ranked);
        }

        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        var county = PlatformFixture.StaffHeaders("370827", Roles.Auditor);
        var rows = new Dictionary<string, AnnualUnitScore>();
        var pageToken = "";
        var pages = 0;
        do
        {
            var page = await platform.AnnualAssessments.GetAnnualAssessmentAsync(new GetAnnualAssessmentRequest
            {
                Year = year, Group = "departments", PageSize = 2, PageToken = pageToken,
            }, county);
            Assert.All(page.Units, u => Assert.StartsWith("u-370827-", u.UnitId));
            foreach (var unit in page.Units)
            {
                Assert.True(rows.TryAdd(unit.UnitId, unit), $"{unit.UnitId} twice");
            }
            pageToken = page.NextPageToken;
            pages++;
        }
        while (pageToken.Length > 0 && pages < 100);
        // departments weigh the general sheet 0.7 and the law-enforcement sheet 0.3; a sheet without a result drops out.
        Assert.Equal(0.7 * 90 + 0.3 * 60, rows[Units[0]].Score, 2);
        Assert.Equal(0.7 * 80 + 0.3 * 100, rows[Units[1]].Score, 2);
        Assert.Equal(70.0, rows[Units[2]].Score, 2);
        Assert.Equal((2, 2, 1), (rows[Units[0]].Sessions, rows[Units[1]].Sessions, rows[Units[2]].Sessions));
        Assert.True(rows[Units[1]].Rank < rows[Units[0]].Rank && rows[Units[0]].Rank < rows[Units[2]].Rank);
        Assert.True(pages >= 2);

        var one = await platform.AnnualAssessments.GetAnnualAssessmentAsync(new GetAnnualAssessmentRequest { Year = year, UnitId = Units[1] }, county);
        Assert.Equal(["departments", "law-enforcement"], one.Units.Select(u => u.Group).Order());
        Assert.Equal(100.0, one.Units.Single(u => u.Group == "law-enforcement").Score, 2);
        var elsewhere = await platform.AnnualAssessments.GetAnnualAssessmentAsync(new GetAnnualAssessmentRequest { Year = year, UnitId = Units[1] },
            PlatformFixture.StaffHeaders("370828", Roles.OversightOfficer));
        Assert.Empty(elsewhere.Units);

        var inChinese = new Metadata { { "accept-language", "zh-CN" } };
        foreach (var header in county)
        {
            inChinese.Add(header);
        }
        var file = await platform.AnnualAssessments.ExportAnnualAssessmentAsync(new ExportAnnualAssessmentRequest { Year = year, Group = "departments" }, inChinese);
        Assert.Equal($"annual-assessment-{year}-departments.csv", file.FileName);
        var bytes = file.Content.ToByteArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("考核组,单位编号,单位名称", lines[0]);
        Assert.Equal(file.Rows, lines.Length - 1);
        Assert.Equal(rows.Count, file.Rows);
        var hrss = lines.Single(l => l.Contains(Units[1])).Split(',');
        Assert.Equal(("党政部门", "86.00", "2"), (hrss[0], hrss[5], hrss[6]));
        Assert.Contains("鱼台", hrss[2]);

        var refused = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.AnnualAssessments.GetAnnualAssessmentAsync(
            new GetAnnualAssessmentRequest { Year = 1999, Group = "windows", UnitId = "u-none", PageSize = 501 }, county).ResponseAsync));
        Assert.Equal(["group", "page_size", "unit_id", "year"], refused.Keys.Order());
        // A token of another query (the city's whole year) is not one this query returned.
        var cityToken = (await platform.AnnualAssessments.GetAnnualAssessmentAsync(new GetAnnualAssessmentRequest { Year = year, PageSize = 1 },
            PlatformFixture.StaffHeaders("370800", Roles.Auditor))).NextPageToken;
        Assert.NotEmpty(cityToken);
        var foreignToken = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.AnnualAssessments.GetAnnualAssessmentAsync(
            new GetAnnualAssessmentRequest { Year = year - 1, Group = "departments", PageToken = cityToken }, county).ResponseAsync));
        Assert.Contains("page_token", foreignToken.Keys);
        var denied = await Assert.ThrowsAsync<RpcException>(() => platform.AnnualAssessments.ExportAnnualAssessmentAsync(
            new ExportAnnualAssessmentRequest { Year = year }, PlatformFixture.StaffHeaders("370827", Roles.Handler)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    private async Task<string> ScoreAsync(string sheet, string[] criteria, IEnumerable<Member> members, params (string Unit, double Value)[] units)
    {
        var officer = PanelRequests.CityOfficer;
        var session = await platform.Scoring.OpenSessionAsync(new OpenSessionRequest
        {
            SheetId = sheet, Title = "鱼台县部门年度评议", UnitIds = { units.Select(u => u.Unit) },
        }, officer);
        foreach (var member in members)
        {
            foreach (var (unit, value) in units)
            {
                var request = new SubmitScoreRequest { SessionId = session.SessionId, MemberId = member.MemberId, UnitId = unit };
                foreach (var criterion in criteria)
                {
                    request.Criteria[criterion] = value;
                }
                await platform.Scoring.SubmitScoreAsync(request, officer);
            }
        }
        await platform.Scoring.CloseSessionAsync(new CloseSessionRequest { SessionId = session.SessionId }, officer);
        return session.SessionId;
    }
}
