using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>A problem found on a visit becomes a report in intake on the citizen-supervisor channel, linked back to the visit.</summary>
public sealed class VisitProblemTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_refer_a_problem_into_intake_anonymously_and_link_the_report_to_the_visit()
    {
        var officer = PanelRequests.CityOfficer;
        var member = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application());
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var plan = await platform.Visits.PlanVisitAsync(new PlanVisitRequest
        {
            Title = "市人社局社保窗口暗访", Secret = true, Targets = { new VisitTarget { UnitId = "u-370800-hrss" } },
            StartsOn = today.AddDays(-1).ToString("yyyy-MM-dd"), EndsOn = today.AddDays(3).ToString("yyyy-MM-dd"), MemberIds = { member.MemberId },
        }, officer);
        var record = await platform.Visits.RecordVisitAsync(new RecordVisitRequest
        {
            PlanId = plan.PlanId, MemberId = member.MemberId, UnitId = "u-370800-hrss",
            VisitedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-10)),
            Observations = "窗口工作人员向办事群众索要好处费。", Score = 20,
        }, officer);
        var request = new ReferProblemRequest
        {
            PlanId = plan.PlanId, RecordId = record.RecordId, Category = "work-style",
            Account = "暗访发现市人社局社保窗口工作人员向办事群众索要好处费，群众反映已非首次。",
        };
        var problem = await platform.Visits.ReferProblemAsync(request, officer);
        Assert.Equal(record.RecordId, problem.RecordId);
        Assert.StartsWith("370800-", problem.TrackingNumber);

        // Asked again (a retry), the same report: intake saw the same idempotency key.
        var again = await platform.Visits.ReferProblemAsync(request, officer);
        Assert.Equal(problem.ReportId, again.ReportId);

        var report = await platform.Staff.GetReportAsync(new Supervision.Intake.V1.GetReportRequest { ReportId = problem.ReportId },
            PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));
        Assert.Equal((Supervision.Intake.V1.Channel.CitizenSupervisorReferral, false), (report.Summary.Channel, report.Summary.RealName));
        Assert.Equal("u-370800-hrss", Assert.Single(report.Summary.Subjects).UnitId);

        // Routing then tracks its handling: the report became a case.
        var routed = await Routing.RoutingScenarioTests.WaitForCaseAsync(platform, problem.ReportId);
        Assert.False(string.IsNullOrEmpty(routed.CaseId));

        var linked = await platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = plan.PlanId }, officer);
        Assert.Equal(problem.ReportId, Assert.Single(linked.Problems).ReportId);

        // Evaluation officers follow it from routing's events: the unit the case went to, in the plan and in the listing.
        var followed = await Eventually.ReachedAsync(() => platform.Referrals.ListVisitProblemReferralsAsync(
                new ListVisitProblemReferralsRequest { PageSize = 100 }, officer).ResponseAsync,
            r => r.Problems.Any(p => p.ReportId == problem.ReportId && p.Progress.Stage >= ReferralStage.Routed), "the problem routed");
        Assert.Equal(routed.LeadUnitId, followed.Problems.Single(p => p.ReportId == problem.ReportId).Progress.UnitId);
        Assert.Equal(routed.CaseId, (await platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = plan.PlanId }, officer)).Problems.Single().Progress.CaseId);
        // A county's reader sees only problems at units of that county; a role outside the readers, none; no token, nothing.
        var zoucheng = await platform.Referrals.ListVisitProblemReferralsAsync(new ListVisitProblemReferralsRequest { PageSize = 100 },
            PlatformFixture.StaffHeaders("370883", Roles.Auditor));
        Assert.DoesNotContain(zoucheng.Problems, p => p.ReportId == problem.ReportId);
        Assert.All(zoucheng.Problems, p => Assert.StartsWith("u-370883", p.UnitId));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => platform.Referrals.ListVisitProblemReferralsAsync(
            new ListVisitProblemReferralsRequest(), PlatformFixture.StaffHeaders("370800", Roles.Handler)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => platform.Referrals.ListVisitProblemReferralsAsync(
            new ListVisitProblemReferralsRequest(), PlatformFixture.StaffHeaders("370800", Roles.WorkSupervisor)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => platform.Referrals.ListVisitProblemReferralsAsync(
            new ListVisitProblemReferralsRequest()).ResponseAsync)).StatusCode);
        Assert.True(Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Referrals.ListVisitProblemReferralsAsync(
            new ListVisitProblemReferralsRequest { PageSize = 101 }, officer).ResponseAsync)).ContainsKey("page_size"));

        var bad = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.ReferProblemAsync(new ReferProblemRequest
        {
            PlanId = plan.PlanId, RecordId = record.RecordId, Category = "bribery", Account = "太短", CadreId = "c-none",
        }, officer).ResponseAsync);
        var violations = Reports.Violations(bad);
        Assert.True(new[] { "category", "account", "cadre_id" }.All(violations.ContainsKey), string.Join(", ", violations.Keys));
        var notOnPlan = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.ReferProblemAsync(new ReferProblemRequest
        {
            PlanId = plan.PlanId, RecordId = Guid.NewGuid().ToString(), Category = "work-style", Account = request.Account,
        }, officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notOnPlan.StatusCode);
    }
}
