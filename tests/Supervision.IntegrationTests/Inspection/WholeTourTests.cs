using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// A whole tour through gRPC: team, findings, report draft → submitted → returned → submitted → reviewed, feedback with its
/// rectification list (refused before the review), the unit's rectification, verification by the same team only, progress.
/// </summary>
public sealed class WholeTourTests(PlatformFixture platform)
{
    private static Metadata UnitContact(string unitId) => PlatformFixture.StaffHeadersAs(unitId, "370800", Roles.TargetUnitContact);

    private static async Task<RpcException> RefusedAsync(StatusCode expected, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, refused.StatusCode);
        return refused;
    }

    [Fact]
    public async Task Should_run_a_tour_from_team_to_verified_rectification_with_review_before_feedback()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370832");
        await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-025", MemberIds = { "i-026" } }, Tours.PlanStaff);
        var leader = Tours.Inspector("i-025");
        var member = Tours.Inspector("i-026");
        await platform.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = tour.TourId }, leader);
        await platform.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = tour.TourId }, member);

        var finding = await platform.Work.RecordFindingAsync(new RecordFindingRequest
        {
            TourId = tour.TourId, Category = "cadre-selection", Description = "干部选拔任用中存在违规打招呼、说情问题", Evidence = "个别谈话记录3份、推荐票原件",
            Severity = Severity.Serious, UnitIds = { "u-370832-gov" },
        }, member);
        await platform.Work.DraftTourReportAsync(new DraftTourReportRequest
        {
            TourId = tour.TourId, Summary = "巡察发现选人用人方面问题1个，需限期整改。", Recommendations = "提醒谈话相关干部",
        }, leader);
        var submitted = await platform.Work.SubmitTourReportAsync(new SubmitTourReportRequest { TourId = tour.TourId }, leader);
        Assert.Equal(TourReportState.Submitted, submitted.State);
        Assert.Equal(finding.FindingId, Assert.Single(submitted.Findings).FindingId);

        var feedback = new HoldFeedbackRequest
        {
            TourId = tour.TourId,
            Items =
            {
                new RectificationItemDraft { FindingId = finding.FindingId, ResponsibleUnitId = "u-370832-gov", ResponsiblePerson = "梁山县政府办公室主任",
                    Measures = "重新履行干部推荐程序并在全县通报", Deadline = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd") },
            },
        };
        var early = await RefusedAsync(StatusCode.FailedPrecondition, () => platform.Work.HoldFeedbackAsync(feedback, leader).ResponseAsync);
        Assert.Contains("reviewed before feedback", early.Status.Detail);

        var returned = await platform.Planning.ReviewTourReportAsync(new ReviewTourReportRequest { TourId = tour.TourId, Returned = true, Note = "问题依据不足，请补充" },
            Tours.PlanStaff);
        Assert.Equal((TourReportState.Returned, "plan-staff-370800"), (returned.State, returned.DecidedBy));
        await RefusedAsync(StatusCode.FailedPrecondition, () => platform.Work.HoldFeedbackAsync(feedback, leader).ResponseAsync);
        await platform.Work.DraftTourReportAsync(new DraftTourReportRequest { TourId = tour.TourId, Summary = "巡察发现选人用人方面问题1个，依据已补充。" }, leader);
        await platform.Work.SubmitTourReportAsync(new SubmitTourReportRequest { TourId = tour.TourId }, member);
        var reviewed = await platform.Planning.ReviewTourReportAsync(new ReviewTourReportRequest { TourId = tour.TourId, Note = "同意向被巡察党组织反馈" }, Tours.PlanStaff);
        Assert.Equal(TourReportState.Reviewed, reviewed.State);

        var item = Assert.Single((await platform.Work.HoldFeedbackAsync(feedback, leader)).Items);
        Assert.Equal(RectificationState.Open, item.State);
        Assert.Equal(TourReportState.FedBack, (await platform.Work.GetTourReportAsync(new GetTourReportRequest { TourId = tour.TourId }, Tours.Auditor)).State);

        // The target's contact moves their unit's item; another unit's contact cannot.
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Rectification.UpdateRectificationAsync(
            new UpdateRectificationRequest { ItemId = item.ItemId, State = RectificationState.InProgress }, UnitContact("u-370832-org")).ResponseAsync);
        await platform.Rectification.UpdateRectificationAsync(new UpdateRectificationRequest { ItemId = item.ItemId, State = RectificationState.InProgress },
            UnitContact("u-370832-gov"));
        await platform.Rectification.UpdateRectificationAsync(new UpdateRectificationRequest
        {
            ItemId = item.ItemId, State = RectificationState.SubmittedForVerification, Evidence = "已重新履行推荐程序，通报文件见附件",
        }, UnitContact("u-370832-gov"));

        // Only the team that inspected verifies: another tour's inspector is refused, the team rejects once, then verifies.
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Work.VerifyRectificationAsync(
            new VerifyRectificationRequest { ItemId = item.ItemId, Note = "核实" }, Tours.Inspector("i-027")).ResponseAsync);
        var rejected = await platform.Work.VerifyRectificationAsync(new VerifyRectificationRequest { ItemId = item.ItemId, Rejected = true, Note = "缺少会议纪要" }, member);
        Assert.Equal(RectificationState.InProgress, rejected.State);
        await platform.Rectification.UpdateRectificationAsync(new UpdateRectificationRequest
        {
            ItemId = item.ItemId, State = RectificationState.SubmittedForVerification, Evidence = "补充了会议纪要和通报文件",
        }, UnitContact("u-370832-gov"));
        var verified = await platform.Work.VerifyRectificationAsync(new VerifyRectificationRequest { ItemId = item.ItemId, Note = "核实无误，整改到位" }, leader);
        Assert.Equal(RectificationState.Verified, verified.State);

        var progress = await platform.Rectification.GetProgressAsync(new GetProgressRequest { TourId = tour.TourId }, Tours.Auditor);
        Assert.Equal((1, 1, 0), (progress.Total, progress.Verified, progress.Overdue));
        var byTarget = await platform.Rectification.GetProgressAsync(new GetProgressRequest { Target = new Target { Kind = TargetKind.Division, Id = "370832" } },
            Tours.PlanStaff);
        Assert.True(byTarget.Verified >= 1);
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Rectification.GetProgressAsync(new GetProgressRequest { TourId = tour.TourId },
            Tours.Inspector("i-027")).ResponseAsync);
        Assert.Single((await platform.Rectification.ListRectificationAsync(new ListRectificationRequest { TourId = tour.TourId }, UnitContact("u-370832-gov"))).Items);
        Assert.Empty((await platform.Rectification.ListRectificationAsync(new ListRectificationRequest { TourId = tour.TourId }, UnitContact("u-370832-org"))).Items);

        // Plan staff close the tour: its notice of rectification status (整改情况公开) is public, in Chinese or English, once.
        var notice = await platform.Planning.CloseTourAsync(new CloseTourRequest { TourId = tour.TourId }, Tours.PlanStaff);
        Assert.Equal((1, 1, 0, 0), (notice.Total, notice.Verified, notice.Unfinished, notice.OverdueUnfinished));
        var chinese = await platform.PublicInspection.GetRectificationNoticeAsync(new GetRectificationNoticeRequest { TourId = tour.TourId },
            new Metadata { { "accept-language", "zh-CN" } });
        Assert.StartsWith("关于梁山县巡察整改情况的公告", chinese.Text);
        Assert.Contains("已整改到位并经巡察组核实1项", chinese.Text);
        var shown = Assert.Single(chinese.Items);
        Assert.Equal(("梁山县人民政府", RectificationState.Verified, false), (shown.ResponsibleUnit, shown.State, shown.Overdue));
        var english = await platform.PublicInspection.GetRectificationNoticeAsync(new GetRectificationNoticeRequest { TourId = tour.TourId },
            new Metadata { { "accept-language", "en" } });
        Assert.StartsWith("Notice of rectification after the tour of Liangshan", english.Text);
        Assert.Equal("rectified and verified by the team", english.Items[0].StateWords);
        Assert.DoesNotContain("梁山县政府办公室主任", chinese.ToString());
        Assert.Equal(TourState.Closed, (await platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, Tours.Auditor)).State);
        await RefusedAsync(StatusCode.FailedPrecondition, () => platform.Planning.CloseTourAsync(new CloseTourRequest { TourId = tour.TourId }, Tours.PlanStaff).ResponseAsync);
    }

    [Fact]
    public async Task Should_close_only_a_fed_back_tour_for_plan_staff_and_show_no_notice_before()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-civil-affairs");
        var close = (Metadata h) => platform.Planning.CloseTourAsync(new CloseTourRequest { TourId = tour.TourId }, h).ResponseAsync;

        await RefusedAsync(StatusCode.Unauthenticated, () => close(new Metadata()));
        await RefusedAsync(StatusCode.PermissionDenied, () => close(Tours.Inspector("i-028")));
        await RefusedAsync(StatusCode.PermissionDenied, () => close(Tours.Auditor));
        await RefusedAsync(StatusCode.PermissionDenied, () => close(PlatformFixture.StaffHeadersAs("plan-staff-370881", "370881", Roles.PlanStaff)));
        var early = await RefusedAsync(StatusCode.FailedPrecondition, () => close(Tours.PlanStaff));
        Assert.Contains("fed back", early.Status.Detail);
        await RefusedAsync(StatusCode.NotFound, () => platform.PublicInspection.GetRectificationNoticeAsync(
            new GetRectificationNoticeRequest { TourId = tour.TourId }).ResponseAsync);
        var bad = await RefusedAsync(StatusCode.InvalidArgument, () => platform.PublicInspection.GetRectificationNoticeAsync(
            new GetRectificationNoticeRequest { TourId = "not-a-tour" }).ResponseAsync);
        Assert.Contains("tour_id", Reports.Violations(bad).Keys);
    }

    [Fact]
    public async Task Should_refuse_the_tours_work_to_no_token_another_role_and_another_tours_inspector()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-hrss");
        await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-028", MemberIds = { "i-029" } }, Tours.PlanStaff);
        var calls = new (string Name, Func<Metadata, Task> Call)[]
        {
            ("RecordFinding", h => platform.Work.RecordFindingAsync(new RecordFindingRequest
            {
                TourId = tour.TourId, Category = "work-style", Description = "会议多、文件多，基层负担重", Evidence = "文件清单", Severity = Severity.Minor,
                UnitIds = { "u-370800-hrss" },
            }, h).ResponseAsync),
            ("DraftTourReport", h => platform.Work.DraftTourReportAsync(new DraftTourReportRequest { TourId = tour.TourId, Summary = "巡察发现作风方面问题。" }, h).ResponseAsync),
            ("SubmitTourReport", h => platform.Work.SubmitTourReportAsync(new SubmitTourReportRequest { TourId = tour.TourId }, h).ResponseAsync),
        };
        foreach (var (name, call) in calls)
        {
            await RefusedAsync(StatusCode.Unauthenticated, () => call(new Metadata()));
            await RefusedAsync(StatusCode.PermissionDenied, () => call(Tours.PlanStaff));
            await RefusedAsync(StatusCode.PermissionDenied, () => call(Tours.Inspector("i-030")));
        }
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.ReviewTourReportAsync(
            new ReviewTourReportRequest { TourId = tour.TourId, Note = "同意" }, Tours.Inspector("i-028")).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, () => platform.Planning.ReviewTourReportAsync(
            new ReviewTourReportRequest { TourId = tour.TourId, Note = "同意" }, new Metadata()).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Rectification.UpdateRectificationAsync(
            new UpdateRectificationRequest { ItemId = Guid.NewGuid().ToString(), State = RectificationState.InProgress }, Tours.Inspector("i-028")).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, () => platform.Rectification.UpdateRectificationAsync(
            new UpdateRectificationRequest { ItemId = Guid.NewGuid().ToString(), State = RectificationState.InProgress }, new Metadata()).ResponseAsync);

        // The right caller: the tour's own inspectors record, draft and submit.
        foreach (var (_, call) in calls)
        {
            await call(Tours.Inspector("i-028"));
        }
        // A review of a report not submitted is a rule of the state it is in, for the right caller too.
        await platform.Planning.ReviewTourReportAsync(new ReviewTourReportRequest { TourId = tour.TourId, Note = "同意" }, Tours.PlanStaff);
        await RefusedAsync(StatusCode.FailedPrecondition, () => platform.Planning.ReviewTourReportAsync(
            new ReviewTourReportRequest { TourId = tour.TourId, Note = "同意" }, Tours.PlanStaff).ResponseAsync);
    }
}
