using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;

namespace Supervision.IntegrationTests.Routing;

/// <summary>Anonymous results never go to nobody: the leadership team of every accused unit receives them.</summary>
public sealed class LeadershipFeedbackTests(PlatformFixture platform)
{
    private static readonly Metadata Handler = PlatformFixture.StaffHeaders("370812", Roles.Handler);

    [Fact]
    public async Task Should_deliver_an_anonymous_result_to_the_leadership_team_of_every_accused_unit()
    {
        var request = Reports.Anonymous(Channel.Online, "370812");
        request.Category = Category.Discipline;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = "c-0097" });             // a deputy head of u-370812-approval
        request.Subjects.Add(new Subject { UnitId = "u-370812-education" });  // and a unit
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.PublicCaller());
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        Assert.Equal(["u-370812-approval", "u-370812-education"], routed.AccusedUnitIds.Order());

        await ConcludeUnsubstantiatedAsync(routed.CaseId, routed.LeadUnitId);
        var closed = await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Result = "反映问题不属实，已向相关单位领导班子集体反馈。",
        }, Handler);

        Assert.Equal(CaseState.Closed, closed.State);
        foreach (var unit in new[] { "u-370812-approval", "u-370812-education" })
        {
            Assert.Contains(closed.Timeline, e => e.Kind == "feedback-to-leadership" && e.UnitId == unit);
            var inbox = await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = unit }, Handler);
            Assert.Contains(inbox.Notifications, n => n.CaseId == routed.CaseId && n.Kind == "feedback-to-leadership");
        }
        var status = await WaitForTimelineAsync(submitted.ReceiptCode, "feedback-to-leadership");
        Assert.Contains(status.Timeline, t => t.Kind == "feedback-to-leadership" && t.Description.Contains("(2 unit(s))"));
    }

    [Fact]
    public async Task Should_deliver_a_hand_placed_cases_result_to_the_unit_it_was_placed_with_and_to_the_units_named_at_feedback()
    {
        // A subject outside the directory: a dispatcher places the case by hand.
        var submitted = await platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Online, "370812"), PlatformFixture.PublicCaller());
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        Assert.Equal(CaseState.AwaitingDispatch, routed.State);
        Assert.Empty(routed.AccusedUnitIds);
        var placed = await platform.Cases.TransferCaseAsync(new TransferCaseRequest
        {
            CaseId = routed.CaseId, ToUnitId = "u-370812-market", Reason = "被反映人系该局干部，由该局核查",
        }, PlatformFixture.StaffHeaders("370812", Roles.Dispatcher));
        Assert.Equal(["u-370812-market"], placed.AccusedUnitIds);

        await ConcludeUnsubstantiatedAsync(routed.CaseId, "u-370812-market");
        var unknown = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = "u-370812-market", Result = "反映问题不属实。", LeadershipUnitIds = { "u-370812-nowhere" },
        }, Handler).ResponseAsync);
        Assert.Contains("leadership_unit_ids[0]", Reports.Violations(unknown).Keys);

        var closed = await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = "u-370812-market", Result = "反映问题不属实。", LeadershipUnitIds = { "u-370812-civil-affairs" },
        }, Handler);

        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(["u-370812-civil-affairs", "u-370812-market"], closed.Timeline.Where(e => e.Kind == "feedback-to-leadership").Select(e => e.UnitId).Order());
        Assert.Equal(["u-370812-civil-affairs", "u-370812-market"], closed.AccusedUnitIds.Order());
        var inbox = await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = "u-370812-civil-affairs" }, Handler);
        Assert.Contains(inbox.Notifications, n => n.CaseId == routed.CaseId && n.Kind == "feedback-to-leadership");
    }

    private async Task ConcludeUnsubstantiatedAsync(string caseId, string unitId)
    {
        await platform.Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = caseId, UnitId = unitId, Kind = "site-visit", Note = "当日赴现场核查",
        }, Handler);
        await platform.Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = caseId, UnitId = unitId, Outcome = Outcome.Unsubstantiated, Findings = "未发现所反映问题", PublicSummary = "经核查，反映问题不属实。",
        }, Handler);
    }

    private async Task<ReportStatus> WaitForTimelineAsync(string receipt, string kind) =>
        await Eventually.ReachedAsync(() => platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receipt },
            PlatformFixture.PublicCaller()).ResponseAsync, s => s.Timeline.Any(t => t.Kind == kind), $"the reporter's {kind} entry");
}
