using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// A finding referred for investigation through the real API: inspection submits it to intake on the inspection-team
/// channel with the tour's id, once, and the case routing opens for it is linked back to the finding.
/// </summary>
public sealed class FindingReferralTests(PlatformFixture platform)
{
    private const string Leader = "i-014";
    private const string Member = "i-023";

    private async Task<(Tour Tour, Finding Finding)> FindingAsync()
    {
        var plan = await platform.Planning.CreatePlanAsync(Tours.AdHocPlan(), Tours.PlanStaff);
        var choice = Tours.Choice(plan.PlanId, TargetKind.Unit, "u-370830-market");
        choice.StartsOn = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1).ToString("yyyy-MM-dd");
        var tour = await platform.Planning.ChooseTargetAsync(choice, Tours.PlanStaff);
        tour = await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = Leader, MemberIds = { Member } }, Tours.PlanStaff);
        var finding = await platform.Work.RecordFindingAsync(new RecordFindingRequest
        {
            TourId = tour.TourId, Category = "integrity", Description = "市场监管局违规收取企业年检“咨询费”，金额较大。",
            Evidence = "财务凭证12份，企业座谈记录", Severity = Severity.Serious, UnitIds = { "u-370830-market" },
        }, Tours.Inspector(Leader));
        return (tour, finding);
    }

    private Task<FindingReferral> ReferAsync(Finding finding, Metadata caller) =>
        platform.Caseload.ReferFindingAsync(new ReferFindingRequest { FindingId = finding.FindingId }, caller).ResponseAsync;

    [Fact]
    public async Task Should_refer_a_finding_once_through_intake_and_link_the_routed_case_back_to_it()
    {
        var (tour, finding) = await FindingAsync();

        var referral = await ReferAsync(finding, Tours.Inspector(Member));
        Assert.Equal((finding.FindingId, tour.TourId, Member), (referral.FindingId, referral.TourId, referral.ReferredBy));
        Assert.Matches(@"^370800-\d{4}-\d{6}$", referral.TrackingNumber);

        // A retry, by anyone of the team, is the same referral: one report.
        var again = await ReferAsync(finding, Tours.Inspector(Leader));
        Assert.Equal((referral.ReportId, referral.TrackingNumber, Member), (again.ReportId, again.TrackingNumber, again.ReferredBy));

        // Intake made it a report on the inspection-team channel for the tour; routing opened a case, linked back to the finding.
        var report = await platform.Staff.GetReportAsync(new Supervision.Intake.V1.GetReportRequest { ReportId = referral.ReportId },
            PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));
        Assert.Equal((Supervision.Intake.V1.Channel.InspectionTeam, false), (report.Summary.Channel, report.Summary.RealName));
        Assert.Equal("u-370830-market", Assert.Single(report.Summary.Subjects).UnitId);
        var linked = await Eventually.ReachedAsync(
            () => platform.Caseload.ListFindingReferralsAsync(new ListFindingReferralsRequest { TourId = tour.TourId }, Tours.Auditor).ResponseAsync,
            r => r.Referrals.Any(f => f.FindingId == finding.FindingId && f.CaseId.Length > 0), "the routed case linked to the finding");
        var seen = Assert.Single(linked.Referrals);
        Assert.Equal(referral.ReportId, seen.ReportId);
        Assert.Equal(CaseProgress.Open, seen.CaseProgress);

        var reports = await platform.Caseload.ListTourReportsAsync(new ListTourReportsRequest { TourId = tour.TourId, PageSize = 100 }, Tours.Inspector(Leader));
        var byTeam = Assert.Single(reports.Reports, r => r.ReportId == referral.ReportId);
        Assert.True(byTeam.ReceivedByTeam);
        Assert.Equal(seen.CaseId, byTeam.CaseId);

        // The tour report shows the referred finding with its report and the case routing opened, for the team and plan staff alike.
        await platform.Work.DraftTourReportAsync(new DraftTourReportRequest { TourId = tour.TourId, Summary = "市场监管局存在违规收费问题，已移交调查处理。" },
            Tours.Inspector(Leader));
        foreach (var reader in new[] { Tours.Inspector(Member), Tours.PlanStaff })
        {
            var shown = Assert.Single((await platform.Work.GetTourReportAsync(new GetTourReportRequest { TourId = tour.TourId }, reader)).Referrals);
            Assert.Equal((finding.FindingId, referral.ReportId, referral.TrackingNumber, seen.CaseId, CaseProgress.Open),
                (shown.FindingId, shown.ReportId, shown.TrackingNumber, shown.CaseId, shown.CaseProgress));
        }
    }

    [Fact]
    public async Task Should_refuse_a_referral_to_no_token_another_role_another_tours_inspector_and_an_unknown_finding()
    {
        var (tour, finding) = await FindingAsync();

        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => ReferAsync(finding, new Metadata()))).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => ReferAsync(finding, Tours.Auditor))).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => ReferAsync(finding, Tours.Inspector("i-044")))).StatusCode);
        var unknown = new Finding { FindingId = Guid.NewGuid().ToString() };
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => ReferAsync(unknown, Tours.Inspector(Leader)))).StatusCode);
        var malformed = new Finding { FindingId = "finding-1" };
        Assert.Contains("finding_id", Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => ReferAsync(malformed, Tours.Inspector(Leader)))).Keys);

        var list = () => platform.Caseload.ListFindingReferralsAsync(new ListFindingReferralsRequest { TourId = tour.TourId }, Tours.Inspector("i-044")).ResponseAsync;
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(list)).StatusCode);
        Assert.Empty((await platform.Caseload.ListFindingReferralsAsync(new ListFindingReferralsRequest { TourId = tour.TourId }, Tours.Inspector(Leader))).Referrals);
    }
}
