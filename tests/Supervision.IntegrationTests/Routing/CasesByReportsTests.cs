using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Routing;

/// <summary>A system that submits reports in bulk follows them in one call per hundred, within its jurisdiction.</summary>
public sealed class CasesByReportsTests(PlatformFixture platform)
{
    private static readonly Metadata Zoucheng = PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer);
    private static readonly Metadata Qufu = PlatformFixture.StaffHeaders("370881", Roles.OversightOfficer);

    [Fact]
    public async Task Should_answer_the_case_of_each_placed_report_in_request_order()
    {
        var first = await SubmitAsync("c-0378");
        var second = await SubmitAsync("c-0379");
        var firstCase = await RoutingScenarioTests.WaitForCaseAsync(platform, first);
        var secondCase = await RoutingScenarioTests.WaitForCaseAsync(platform, second);
        var notRouted = Guid.NewGuid().ToString();

        var found = await platform.Cases.ListCasesByReportsAsync(new ListCasesByReportsRequest { ReportIds = { second, notRouted, first, second } }, Zoucheng);

        Assert.Equal([(second, secondCase.CaseId, secondCase.LeadUnitId), (first, firstCase.CaseId, firstCase.LeadUnitId)],
            found.Placements.Select(p => (p.ReportId, p.Case.CaseId, p.Case.LeadUnitId)));
        Assert.All(found.Placements, p => Assert.Equal(CaseState.Assigned, p.Case.State));

        // Another county's staff learn nothing of these cases, not even that they exist.
        Assert.Empty((await platform.Cases.ListCasesByReportsAsync(new ListCasesByReportsRequest { ReportIds = { first, second } }, Qufu)).Placements);
    }

    [Fact]
    public async Task Should_name_the_field_and_the_rule_for_a_bad_list()
    {
        var none = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Cases.ListCasesByReportsAsync(new ListCasesByReportsRequest(), Zoucheng).ResponseAsync);
        Assert.Equal("Give 1 to 100 report ids; this request has 0.", Reports.Violations(none)["report_ids"]);

        var tooMany = new ListCasesByReportsRequest();
        tooMany.ReportIds.AddRange(Enumerable.Range(0, 101).Select(_ => Guid.NewGuid().ToString()));
        var many = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ListCasesByReportsAsync(tooMany, Zoucheng).ResponseAsync);
        Assert.Equal("Give 1 to 100 report ids; this request has 101.", Reports.Violations(many)["report_ids"]);

        var chinese = PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer);
        chinese.Add("accept-language", "zh-CN");
        var malformed = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ListCasesByReportsAsync(
            new ListCasesByReportsRequest { ReportIds = { Guid.NewGuid().ToString(), "第二个" } }, chinese).ResponseAsync);
        var violations = Reports.Violations(malformed);
        Assert.Equal(["report_ids[1]"], violations.Keys);
        Assert.Equal("须为举报编号（UUID）", violations["report_ids[1]"]);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ListCasesByReportsAsync(
            new ListCasesByReportsRequest { ReportIds = { Guid.NewGuid().ToString() } }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private async Task<string> SubmitAsync(string cadreId)
    {
        var request = Reports.Anonymous(Channel.Hotline, "370883");
        request.Subjects[0].CadreId = cadreId;
        return (await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk))).ReportId;
    }
}
