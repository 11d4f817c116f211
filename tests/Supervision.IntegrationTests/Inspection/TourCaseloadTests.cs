using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// Reports reach the tour through the real API: one its team received for it (intake's tour id, said on the report's
/// timeline) and one about its target during its period are linked, one elsewhere is not; the team sees the cases routing
/// opened for them, page by page. The tour is 汶上县 (370830), with its own team, so no other scenario shares it.
/// </summary>
public sealed class TourCaseloadTests(PlatformFixture platform)
{
    private const string Target = "370830";
    private const string Leader = "i-014";
    private const string Member = "i-023";

    /// <summary>A tour of the target in progress today: it began yesterday (in the city) and lasts 30 days.</summary>
    private async Task<Tour> InProgressAsync()
    {
        var plan = await platform.Planning.CreatePlanAsync(Tours.AdHocPlan(), Tours.PlanStaff);
        var choice = Tours.Choice(plan.PlanId, TargetKind.Division, Target);
        choice.StartsOn = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1).ToString("yyyy-MM-dd");
        choice.LengthDays = 30;
        var tour = await platform.Planning.ChooseTargetAsync(choice, Tours.PlanStaff);
        return await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = Leader, MemberIds = { Member } }, Tours.PlanStaff);
    }

    private Task<ListTourReportsResponse> ReportsAsync(Tour tour, Metadata caller, int pageSize = 0, string pageToken = "") =>
        platform.Caseload.ListTourReportsAsync(new ListTourReportsRequest { TourId = tour.TourId, PageSize = pageSize, PageToken = pageToken }, caller).ResponseAsync;

    [Fact]
    public async Task Should_link_reports_the_team_received_and_reports_about_the_target_and_show_their_cases()
    {
        var tour = await InProgressAsync();
        var clerk = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk);

        // The team receives a report for its tour, about a unit elsewhere: its tour id links it.
        var received = Reports.Anonymous(Channel.InspectionTeam, "370831");
        received.TourId = tour.TourId;
        var byTeam = await platform.Public.SubmitReportAsync(received, clerk);
        // A report about the target, online, during the tour: the target and the period link it.
        var aboutTarget = await platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Online, Target), PlatformFixture.PublicCaller());
        // A report about another division is not the tour's.
        var elsewhere = await platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Online, "370831"), PlatformFixture.PublicCaller());

        // The reporter reads on the timeline who received the report, in their language.
        var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = byTeam.ReceiptCode }, PlatformFixture.PublicCaller());
        Assert.Equal("Report received by the inspection tour's team, for its tour", status.Timeline[0].Description);
        var statusZh = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = byTeam.ReceiptCode },
            PlatformFixture.PublicCaller(language: "zh-CN"));
        Assert.Equal("举报已由巡察组受理，纳入本轮巡察", statusZh.Timeline[0].Description);

        var linked = await Eventually.ReachedAsync(() => ReportsAsync(tour, Tours.Inspector(Leader), 100),
            r => new[] { byTeam.ReportId, aboutTarget.ReportId }.All(id => r.Reports.Any(l => l.ReportId == id && l.CaseId.Length > 0)),
            "both reports linked to the tour, each with its case");
        Assert.True(linked.Reports.Single(l => l.ReportId == byTeam.ReportId).ReceivedByTeam);
        Assert.False(linked.Reports.Single(l => l.ReportId == aboutTarget.ReportId).ReceivedByTeam);
        Assert.DoesNotContain(linked.Reports, l => l.ReportId == elsewhere.ReportId);
        Assert.All(linked.Reports.Where(l => l.CaseId.Length > 0), l => Assert.NotEqual(CaseProgress.NotOpened, l.CaseProgress));

        // The cases routing opened for them during the tour, as the auditor and the team see them.
        var caseIds = linked.Reports.Where(l => l.ReportId == byTeam.ReportId || l.ReportId == aboutTarget.ReportId).Select(l => l.CaseId).ToList();
        var cases = await platform.Caseload.ListTourCasesAsync(new ListTourCasesRequest { TourId = tour.TourId, PageSize = 100 }, Tours.Auditor);
        foreach (var caseId in caseIds)
        {
            var seen = Assert.Single(cases.Cases, c => c.CaseId == caseId);
            Assert.Equal(CaseProgress.Open, seen.Progress);
            Assert.True(seen.OpenedAt.ToDateTimeOffset() >= byTeam.ReceivedAt.ToDateTimeOffset().AddMinutes(-1));
        }
        Assert.Contains(cases.Cases, c => c.ReportIds.Contains(aboutTarget.ReportId));

        // Newest first, a page at a time: the two pages of one hold different reports and the token is refused when forged.
        var first = await ReportsAsync(tour, Tours.Inspector(Member), pageSize: 1);
        Assert.Single(first.Reports);
        Assert.NotEmpty(first.NextPageToken);
        var second = await ReportsAsync(tour, Tours.Inspector(Member), pageSize: 1, pageToken: first.NextPageToken);
        Assert.Single(second.Reports);
        Assert.True(first.Reports[0].ReceivedAt.ToDateTimeOffset() >= second.Reports[0].ReceivedAt.ToDateTimeOffset());
        Assert.NotEqual(first.Reports[0].ReportId, second.Reports[0].ReportId);
    }

    [Fact]
    public async Task Should_refuse_the_tours_caseload_to_no_token_another_role_and_another_tours_inspector()
    {
        var tour = await InProgressAsync();
        var calls = new Func<Metadata, Task>[]
        {
            caller => ReportsAsync(tour, caller),
            caller => platform.Caseload.ListTourCasesAsync(new ListTourCasesRequest { TourId = tour.TourId }, caller).ResponseAsync,
        };
        foreach (var call in calls)
        {
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => call(new Metadata()))).StatusCode);
            Assert.Equal(StatusCode.PermissionDenied,
                (await Assert.ThrowsAsync<RpcException>(() => call(PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk)))).StatusCode);
            // An inspector of the pool who is not on this tour's team.
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => call(Tours.Inspector("i-044")))).StatusCode);
            await call(Tours.Inspector(Leader));
            await call(Tours.Auditor);
        }
    }

    [Theory]
    [InlineData("not-a-tour", 0, "", "tour_id")]
    [InlineData("", 0, "", "tour_id")]
    [InlineData("0193f0a0-2027-7000-8000-000000000001", 101, "", "page_size")]
    [InlineData("0193f0a0-2027-7000-8000-000000000001", 0, "made-up-token", "page_token")]
    public async Task Should_refuse_bad_input_naming_the_field(string tourId, int pageSize, string pageToken, string field)
    {
        var reports = await Assert.ThrowsAsync<RpcException>(() => platform.Caseload.ListTourReportsAsync(
            new ListTourReportsRequest { TourId = tourId, PageSize = pageSize, PageToken = pageToken }, Tours.Auditor).ResponseAsync);
        Assert.Contains(field, Reports.Violations(reports).Keys);
        var cases = await Assert.ThrowsAsync<RpcException>(() => platform.Caseload.ListTourCasesAsync(
            new ListTourCasesRequest { TourId = tourId, PageSize = pageSize, PageToken = pageToken }, Tours.Auditor).ResponseAsync);
        Assert.Contains(field, Reports.Violations(cases).Keys);
    }
}
