using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Routing;

/// <summary>The single exit: from conclusion to the reporter's answer, across routing and intake.</summary>
public sealed class FeedbackTests(PlatformFixture platform)
{
    private static readonly Metadata Handler = PlatformFixture.StaffHeaders("370881", Roles.Handler);

    [Fact]
    public async Task Should_let_a_real_name_reporter_dispute_then_accept_the_result_after_a_supplementary_investigation()
    {
        var request = Reports.RealName(Channel.Hotline, "370881");
        request.Category = Category.Discipline;
        request.Subjects[0].CadreId = "c-0330";
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370881", Roles.IntakeClerk));
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        var lead = routed.LeadUnitId;

        // Before the conclusion there is no result to answer.
        var tooEarly = await Assert.ThrowsAsync<RpcException>(() => platform.Public.RespondToResultAsync(
            new RespondToResultRequest { ReceiptCode = submitted.ReceiptCode, Accept = true }, PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, tooEarly.StatusCode);
        await ConcludeAsync(routed.CaseId, lead);

        var given = await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Result = "经核查，反映的问题基本属实，已给予党内警告处分。", DeliveredBy = "电话",
        }, Handler);
        Assert.Equal(CaseState.FeedbackGiven, given.State);
        var status = await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.FeedbackGiven);
        Assert.Contains(status.Timeline, t => t.Kind == "feedback" && t.Description.Contains("党内警告"));

        var disputed = await platform.Public.RespondToResultAsync(new RespondToResultRequest
        {
            ReceiptCode = submitted.ReceiptCode, Accept = false, Comment = "处理过轻，另有问题未查清。",
        }, PlatformFixture.PublicCaller());
        Assert.Equal(ReportState.Disputed, disputed.State);
        await WaitForCaseStateAsync(routed.CaseId, CaseState.Disputed);

        var reopened = await platform.Cases.ResolveDisputeAsync(new ResolveDisputeRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Reopen = true, Explanation = "就举报人补充反映的问题开展补充调查",
        }, Handler);
        Assert.Equal(CaseState.UnderInvestigation, reopened.State);
        await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.UnderInvestigation);

        await ConcludeAsync(routed.CaseId, lead);
        await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Result = "补充调查后，追加诫勉谈话。", DeliveredBy = "当面",
        }, Handler);
        await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.FeedbackGiven);
        await platform.Public.RespondToResultAsync(new RespondToResultRequest { ReceiptCode = submitted.ReceiptCode, Accept = true }, PlatformFixture.PublicCaller());

        await WaitForCaseStateAsync(routed.CaseId, CaseState.Closed);
        var closed = await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.Closed);
        Assert.Contains(closed.Timeline, t => t.Kind == "reopened");
    }

    [Fact]
    public async Task Should_deliver_an_anonymous_result_to_the_leadership_team_collectively_and_close()
    {
        var request = Reports.Anonymous(Channel.Online, "370881");
        request.Category = Category.WorkStyle;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = "c-0327" });
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.PublicCaller());
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);

        await ConcludeAsync(routed.CaseId, routed.LeadUnitId);
        var notAnnouncer = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = "u-370881-intake", Result = "结果",
        }, Handler).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notAnnouncer.StatusCode);

        var closed = await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Result = "反映问题不属实，已向该单位领导班子集体反馈。",
        }, Handler);
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Contains(closed.Timeline, e => e.Kind == "feedback-to-leadership" && e.UnitId == "u-370881-approval");
        var inbox = await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = "u-370881-approval" }, Handler);
        Assert.Contains(inbox.Notifications, n => n.CaseId == routed.CaseId && n.Kind == "feedback-to-leadership");

        await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.Closed);
        // FeedbackGiven and CaseClosed travel on separate queues: the closing can be recorded first.
        await Eventually.ReachedAsync(() => platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = submitted.ReceiptCode },
                PlatformFixture.PublicCaller()).ResponseAsync,
            s => s.Timeline.Any(t => t.Kind == "feedback-to-leadership"), "the reporter's timeline shows the result went to the leadership team");
        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Public.RespondToResultAsync(
            new RespondToResultRequest { ReceiptCode = submitted.ReceiptCode, Accept = false }, PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
    }

    [Fact]
    public async Task Should_close_a_disputed_case_with_an_explanation_the_reporter_reads()
    {
        var submitted = await SubmitRealNameAsync("c-0331", "钱解释", "13600002222");
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        await ConcludeAsync(routed.CaseId, routed.LeadUnitId);
        await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Result = "经核查，反映问题属实，已责令其作出书面检查。", DeliveredBy = "电话",
        }, Handler);
        await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.FeedbackGiven);
        await platform.Public.RespondToResultAsync(new RespondToResultRequest
        {
            ReceiptCode = submitted.ReceiptCode, Accept = false, Comment = "处理太轻。",
        }, PlatformFixture.PublicCaller());
        await WaitForCaseStateAsync(routed.CaseId, CaseState.Disputed);

        const string explanation = "经复核，原处理依据充分、程序合规，维持原处理结果。";
        var closed = await platform.Cases.ResolveDisputeAsync(new ResolveDisputeRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Reopen = false, Explanation = explanation,
        }, Handler);

        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Contains(closed.Timeline, e => e.Kind == "explained" && e.Description.Contains(explanation));
        Assert.DoesNotContain(closed.Timeline, e => e.Kind == "reopened");
        // The single exit: the reporter who disputed reads the explanation by receipt code.
        var status = await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.Closed);
        Assert.Contains(status.Timeline, t => t.Description.Contains(explanation));
        var again = await Assert.ThrowsAsync<RpcException>(() => platform.Public.RespondToResultAsync(
            new RespondToResultRequest { ReceiptCode = submitted.ReceiptCode, Accept = true }, PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Should_close_a_case_only_when_every_real_name_reporter_accepted()
    {
        var first = await SubmitRealNameAsync("c-0332", "孙第一", "13600003333");
        var second = await SubmitRealNameAsync("c-0332", "李第二", "13600004444");
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, first.ReportId);
        Assert.Equal(routed.CaseId, (await RoutingScenarioTests.WaitForCaseAsync(platform, second.ReportId)).CaseId);

        await ConcludeAsync(routed.CaseId, routed.LeadUnitId);
        var given = await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Result = "经核查，反映问题属实，已依规处理。", DeliveredBy = "电话",
        }, Handler);
        Assert.Equal(CaseState.FeedbackGiven, given.State);
        await WaitForReportStateAsync(first.ReceiptCode, ReportState.FeedbackGiven);
        await WaitForReportStateAsync(second.ReceiptCode, ReportState.FeedbackGiven);

        await platform.Public.RespondToResultAsync(new RespondToResultRequest { ReceiptCode = first.ReceiptCode, Accept = true }, PlatformFixture.PublicCaller());
        // Routing has taken the first answer in (its timeline says so), and still waits for the second reporter.
        var waiting = await Eventually.ReachedAsync(() => platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }, Handler).ResponseAsync,
            c => c.Timeline.Any(e => e.Kind == "accepted"), "the first acceptance recorded by routing");
        Assert.Equal(CaseState.FeedbackGiven, waiting.State);
        Assert.Single(waiting.Timeline, e => e.Kind == "accepted");
        Assert.DoesNotContain(waiting.Timeline, e => e.Kind == "closed");
        foreach (var receipt in new[] { first.ReceiptCode, second.ReceiptCode })
        {
            var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receipt }, PlatformFixture.PublicCaller());
            Assert.Equal(ReportState.FeedbackGiven, status.State);
        }

        await platform.Public.RespondToResultAsync(new RespondToResultRequest { ReceiptCode = second.ReceiptCode, Accept = true }, PlatformFixture.PublicCaller());
        await WaitForCaseStateAsync(routed.CaseId, CaseState.Closed);
        await WaitForReportStateAsync(first.ReceiptCode, ReportState.Closed);
        await WaitForReportStateAsync(second.ReceiptCode, ReportState.Closed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Should_take_an_answer_given_right_after_feedback_before_intake_heard_of_it(bool accept)
    {
        var submitted = await SubmitRealNameAsync(accept ? "c-0333" : "c-0334", accept ? "周立即" : "吴立即", accept ? "13600005555" : "13600006666");
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        await ConcludeAsync(routed.CaseId, routed.LeadUnitId);
        await WaitForReportStateAsync(submitted.ReceiptCode, ReportState.Concluded);

        // The reporter heard the result by phone and answers at once: routing's FeedbackGiven may not have reached intake yet.
        await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Result = "经核查，反映问题属实，已依规处理。", DeliveredBy = "电话",
        }, Handler);
        var answered = await platform.Public.RespondToResultAsync(new RespondToResultRequest
        {
            ReceiptCode = submitted.ReceiptCode, Accept = accept, Comment = accept ? "" : "处理太轻。",
        }, PlatformFixture.PublicCaller());

        Assert.Contains(answered.State, new[] { ReportState.Concluded, ReportState.FeedbackGiven, ReportState.Disputed });
        await WaitForCaseStateAsync(routed.CaseId, accept ? CaseState.Closed : CaseState.Disputed);
        var status = await WaitForReportStateAsync(submitted.ReceiptCode, accept ? ReportState.Closed : ReportState.Disputed);
        Assert.Single(status.Timeline, t => t.Kind == (accept ? "accepted" : "disputed"));
        var again = await Assert.ThrowsAsync<RpcException>(() => platform.Public.RespondToResultAsync(
            new RespondToResultRequest { ReceiptCode = submitted.ReceiptCode, Accept = !accept }, PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    private async Task<SubmitReportResponse> SubmitRealNameAsync(string cadreId, string name, string phone)
    {
        var request = Reports.RealName(Channel.Hotline, "370881", name: name, phone: phone);
        request.Category = Category.Discipline;
        request.Subjects[0].CadreId = cadreId;
        return await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370881", Roles.IntakeClerk));
    }

    private async Task ConcludeAsync(string caseId, string unitId)
    {
        await platform.Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = caseId, UnitId = unitId, Kind = "site-visit", Note = "当日赴现场核查",
        }, Handler);
        var subject = (await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId }, Handler)).SubjectCadreId;
        await platform.Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = caseId, UnitId = unitId, Outcome = Outcome.Substantiated, Findings = "核查属实", PublicSummary = "经核查，反映问题属实，已依规处理。",
            Measures = { Accountability.AdmonishmentTalk(subject) },
        }, Handler);
    }

    private async Task<ReportStatus> WaitForReportStateAsync(string receipt, ReportState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receipt }, PlatformFixture.PublicCaller());
            if (status.State == state || DateTime.UtcNow > deadline)
            {
                Assert.Equal(state, status.State);
                return status;
            }
            await Task.Delay(200);
        }
    }

    private async Task WaitForCaseStateAsync(string caseId, CaseState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId }, Handler);
            if (found.State == state || DateTime.UtcNow > deadline)
            {
                Assert.Equal(state, found.State);
                return;
            }
            await Task.Delay(200);
        }
    }
}
