using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// Work records, assessments and recommendations through gRPC, each RPC against no token, the wrong role, the wrong tour or
/// jurisdiction and the right caller: the interviewee sealed and revealed only to an oversight officer, audited; assessments
/// citing the tour's own grounds; recommendations followed up and counted; the public list of rectification notices.
/// </summary>
public sealed class TourRecordsTests(PlatformFixture platform)
{
    private static readonly Metadata NoToken = new();
    private static readonly Metadata Oversight = PlatformFixture.StaffHeadersAs("oversight-370800", "370800", Roles.OversightOfficer);
    private static readonly Metadata QufuOversight = PlatformFixture.StaffHeadersAs("oversight-370881", "370881", Roles.OversightOfficer);
    private static readonly Metadata QufuAuditor = PlatformFixture.StaffHeadersAs("auditor-370881", "370881", Roles.Auditor);
    private static readonly Metadata QufuPlanStaff = PlatformFixture.StaffHeadersAs("plan-staff-370881", "370881", Roles.PlanStaff);
    private static readonly Metadata Chinese = new() { { "accept-language", "zh-CN" } };

    /// <summary>Today in the city, and a tour of the target that began ten days ago with its team formed.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private async Task<Tour> TourUnderWayAsync(TargetKind kind, string id, string leaderId, string memberId)
    {
        var plan = await platform.Planning.CreatePlanAsync(Tours.AdHocPlan(), Tours.PlanStaff);
        var choice = Tours.Choice(plan.PlanId, kind, id);
        choice.StartsOn = Today.AddDays(-10).ToString("yyyy-MM-dd");
        var tour = await platform.Planning.ChooseTargetAsync(choice, Tours.PlanStaff);
        return await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = leaderId, MemberIds = { memberId } }, Tours.PlanStaff);
    }

    private static async Task<RpcException> RefusedAsync(StatusCode expected, Func<Task> call, string what)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == refused.StatusCode, $"{what}: expected {expected}, got {refused.StatusCode} ({refused.Status.Detail})");
        return refused;
    }

    private static Metadata With(Metadata headers, Metadata more)
    {
        var all = new Metadata();
        foreach (var entry in headers.Concat(more)) all.Add(entry);
        return all;
    }

    [Fact]
    public async Task Should_keep_work_records_to_the_team_and_auditors_and_reveal_an_interviewee_only_to_an_oversight_officer_with_an_audit()
    {
        var tour = await TourUnderWayAsync(TargetKind.Division, "370830", "i-023", "i-032");
        var interview = new RecordWorkRecordRequest
        {
            TourId = tour.TourId, Kind = "public-interview", HeldOn = Today.AddDays(-1).ToString("yyyy-MM-dd"), MemberIds = { "i-032" },
            Notes = "群众反映县行政审批服务局窗口办事拖沓，多次往返。",
            Interviewee = new Interviewee { Name = "王秀英", Phone = "13905371234", IdNumber = "370830198001011230", Address = "汶上县中都街道" },
        };
        var record = (Func<Metadata, Task<WorkRecord>>)(h => platform.Records.RecordWorkRecordAsync(interview, h).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, () => record(NoToken), "a record without a token");
        await RefusedAsync(StatusCode.PermissionDenied, () => record(Tours.PlanStaff), "plan staff record the team's work");
        await RefusedAsync(StatusCode.PermissionDenied, () => record(Tours.Inspector("i-038")), "another tour's inspector records");

        var recorded = await record(Tours.Inspector("i-023"));
        Assert.Equal((true, "interview with the public"), (recorded.HasInterviewee, recorded.KindWords));
        Assert.Equal(["i-023", "i-032"], recorded.InspectorIds);
        Assert.DoesNotContain("王秀英", recorded.ToString());
        var talk = await platform.Records.RecordWorkRecordAsync(new RecordWorkRecordRequest
        {
            TourId = tour.TourId, Kind = "heart-to-heart-talk", HeldOn = Today.ToString("yyyy-MM-dd"), CadreIds = { "c-0237" }, Notes = "与县委副书记谈心谈话，了解班子团结情况。",
        }, Tours.Inspector("i-032"));
        var early = await RefusedAsync(StatusCode.FailedPrecondition, () => platform.Records.RecordWorkRecordAsync(new RecordWorkRecordRequest(interview)
        {
            HeldOn = Today.AddDays(-11).ToString("yyyy-MM-dd"),
        }, Tours.Inspector("i-023")).ResponseAsync, "a record before the tour");
        Assert.Contains("held_on", early.Status.Detail);

        // Reading: the team and auditors, newest first, by kind, a page at a time; nobody else.
        var list = (Func<ListWorkRecordsRequest, Metadata, Task<ListWorkRecordsResponse>>)((r, h) => platform.Records.ListWorkRecordsAsync(r, h).ResponseAsync);
        var all = new ListWorkRecordsRequest { TourId = tour.TourId };
        Assert.Equal([talk.RecordId, recorded.RecordId], (await list(all, Tours.Inspector("i-032"))).Records.Select(r => r.RecordId));
        Assert.Equal([talk.RecordId], (await list(new ListWorkRecordsRequest { TourId = tour.TourId, Kind = "heart-to-heart-talk" }, Tours.Auditor)).Records.Select(r => r.RecordId));
        var first = await list(new ListWorkRecordsRequest { TourId = tour.TourId, PageSize = 1 }, Tours.Inspector("i-023"));
        var second = await list(new ListWorkRecordsRequest { TourId = tour.TourId, PageSize = 1, PageToken = first.NextPageToken }, Tours.Inspector("i-023"));
        Assert.Equal((talk.RecordId, recorded.RecordId, ""), (first.Records.Single().RecordId, second.Records.Single().RecordId, second.NextPageToken));
        await RefusedAsync(StatusCode.Unauthenticated, () => list(all, NoToken), "records without a token");
        await RefusedAsync(StatusCode.PermissionDenied, () => list(all, Tours.PlanStaff), "plan staff read the records");
        await RefusedAsync(StatusCode.PermissionDenied, () => list(all, Tours.Inspector("i-038")), "another tour's inspector reads the records");
        await RefusedAsync(StatusCode.PermissionDenied, () => list(all, QufuAuditor), "an auditor outside the jurisdiction reads the records");

        // The identity: only an oversight officer within the jurisdiction, with a reason, audited before it is answered.
        var reveal = (Func<string, Metadata, Task<Interviewee>>)((id, h) => platform.Records.RevealIntervieweeAsync(
            new RevealIntervieweeRequest { RecordId = id, Reason = "核实群众反映问题，需回访当事人" }, h).ResponseAsync);
        var reveals = (Func<Metadata, Task<ListIntervieweeRevealsResponse>>)(h => platform.Records.ListIntervieweeRevealsAsync(
            new ListIntervieweeRevealsRequest { TourId = tour.TourId }, h).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, () => reveal(recorded.RecordId, NoToken), "a reveal without a token");
        await RefusedAsync(StatusCode.PermissionDenied, () => reveal(recorded.RecordId, Tours.Inspector("i-023")), "the team reveals");
        await RefusedAsync(StatusCode.PermissionDenied, () => reveal(recorded.RecordId, Tours.Auditor), "an auditor reveals");
        await RefusedAsync(StatusCode.PermissionDenied, () => reveal(recorded.RecordId, QufuOversight), "an oversight officer outside the jurisdiction reveals");
        Assert.Empty((await reveals(Tours.Auditor)).Reveals);

        var identity = await reveal(recorded.RecordId, Oversight);
        Assert.Equal(("王秀英", "13905371234", "370830198001011230"), (identity.Name, identity.Phone, identity.IdNumber));
        var audited = Assert.Single((await reveals(Tours.Auditor)).Reveals);
        Assert.Equal((recorded.RecordId, "oversight-370800", "核实群众反映问题，需回访当事人"), (audited.RecordId, audited.RevealedTo, audited.Reason));
        Assert.Single((await reveals(Oversight)).Reveals);
        await RefusedAsync(StatusCode.PermissionDenied, () => reveals(Tours.Inspector("i-023")), "the team reads the reveal audit");
        await RefusedAsync(StatusCode.PermissionDenied, () => reveals(QufuAuditor), "an auditor outside the jurisdiction reads the reveal audit");
        await RefusedAsync(StatusCode.Unauthenticated, () => reveals(NoToken), "the reveal audit without a token");
        await RefusedAsync(StatusCode.FailedPrecondition, () => reveal(talk.RecordId, Oversight), "a record with no interviewee");
        await RefusedAsync(StatusCode.NotFound, () => reveal(Guid.NewGuid().ToString(), Oversight), "an unknown record");
    }

    [Fact]
    public async Task Should_assess_citing_the_tours_own_grounds_follow_recommendations_up_and_list_the_closed_tours_notice_publicly()
    {
        var tour = await TourUnderWayAsync(TargetKind.Division, "370811", "i-038", "i-042");
        var leader = Tours.Inspector("i-038");
        var finding = await platform.Work.RecordFindingAsync(new RecordFindingRequest
        {
            TourId = tour.TourId, Category = "implementation", Description = "审批事项办理超时，群众多次往返。", Evidence = "窗口台账、群众走访记录",
            Severity = Severity.Serious, UnitIds = { "u-370811-approval" }, CadreIds = { "c-0064" },
        }, leader);
        var talk = await platform.Records.RecordWorkRecordAsync(new RecordWorkRecordRequest
        {
            TourId = tour.TourId, Kind = "cadre-talk", HeldOn = Today.ToString("yyyy-MM-dd"), CadreIds = { "c-0064" }, Notes = "与区行政审批服务局局长谈话。",
        }, Tours.Inspector("i-042"));

        var teamAssessment = new RecordAssessmentRequest
        {
            TourId = tour.TourId, LeadershipUnitId = "u-370811-approval", Grade = "fairly-good", Text = "班子整体运行较好，服务群众意识有待加强。",
            FindingIds = { finding.FindingId }, WorkRecordIds = { talk.RecordId },
        };
        var assess = (Func<RecordAssessmentRequest, Metadata, Task<Assessment>>)((r, h) => platform.Records.RecordAssessmentAsync(r, h).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, () => assess(teamAssessment, NoToken), "an assessment without a token");
        await RefusedAsync(StatusCode.PermissionDenied, () => assess(teamAssessment, Tours.PlanStaff), "plan staff assess");
        await RefusedAsync(StatusCode.PermissionDenied, () => assess(teamAssessment, Tours.Inspector("i-023")), "another tour's inspector assesses");
        var uncited = await RefusedAsync(StatusCode.InvalidArgument, () => assess(new RecordAssessmentRequest(teamAssessment)
            .Also(r => { r.FindingIds.Clear(); r.WorkRecordIds.Clear(); }), leader), "an assessment citing nothing");
        Assert.Contains("finding_ids", Reports.Violations(uncited).Keys);
        var foreign = await RefusedAsync(StatusCode.FailedPrecondition, () => assess(new RecordAssessmentRequest(teamAssessment)
            .Also(r => { r.FindingIds.Clear(); r.FindingIds.Add(Guid.NewGuid().ToString()); }), leader), "an assessment citing another tour's finding");
        Assert.Contains("finding_ids[0]", foreign.Status.Detail);

        var team = await assess(teamAssessment, leader);
        Assert.Equal(("fairly good", "leadership team of Rencheng District Administrative Approval Service Bureau"), (team.GradeWords, team.SubjectName));
        await assess(new RecordAssessmentRequest
        {
            TourId = tour.TourId, CadreId = "c-0064", Grade = "average", Text = "服务意识不强，对窗口拖沓问题失察。", WorkRecordIds = { talk.RecordId },
        }, Tours.Inspector("i-042"));

        var adjust = new MakeRecommendationRequest { TourId = tour.TourId, Kind = "adjust-leadership-team", UnitId = "u-370811-approval", Text = "班子服务意识不强，建议调整充实。" };
        var recommend = (Func<MakeRecommendationRequest, Metadata, Task<Recommendation>>)((r, h) => platform.Records.MakeRecommendationAsync(r, h).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, () => recommend(adjust, NoToken), "a recommendation without a token");
        await RefusedAsync(StatusCode.PermissionDenied, () => recommend(adjust, Tours.Auditor), "an auditor recommends");
        await RefusedAsync(StatusCode.PermissionDenied, () => recommend(adjust, Tours.Inspector("i-023")), "another tour's inspector recommends");
        var adjustment = await recommend(adjust, leader);
        var reminder = await recommend(new MakeRecommendationRequest { TourId = tour.TourId, Kind = "remind-cadre", CadreId = "c-0064", Text = "对局长进行提醒谈话。" }, leader);
        Assert.Equal(("proposed", "reminder talk"), (reminder.State, reminder.KindWords));

        // Review before feedback; the report shows the assessments and recommendations, and takes no more once submitted.
        await platform.Work.DraftTourReportAsync(new DraftTourReportRequest { TourId = tour.TourId, Summary = "巡察发现审批服务方面问题1个。" }, leader);
        await platform.Work.SubmitTourReportAsync(new SubmitTourReportRequest { TourId = tour.TourId }, leader);
        await RefusedAsync(StatusCode.FailedPrecondition, () => assess(teamAssessment, leader), "an assessment after submission");
        await platform.Planning.ReviewTourReportAsync(new ReviewTourReportRequest { TourId = tour.TourId, Note = "同意反馈" }, Tours.PlanStaff);

        // Plan staff within the jurisdiction follow them up.
        var followUp = (Func<string, string, string, Metadata, Task<Recommendation>>)((id, state, note, h) => platform.Records.FollowUpRecommendationAsync(
            new FollowUpRecommendationRequest { RecommendationId = id, State = state, Note = note }, h).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, () => followUp(adjustment.RecommendationId, "adopted", "市委同意", NoToken), "a follow-up without a token");
        await RefusedAsync(StatusCode.PermissionDenied, () => followUp(adjustment.RecommendationId, "adopted", "市委同意", leader), "the team follows up");
        await RefusedAsync(StatusCode.PermissionDenied, () => followUp(adjustment.RecommendationId, "adopted", "市委同意", QufuPlanStaff), "another county's plan staff follow up");
        await RefusedAsync(StatusCode.FailedPrecondition, () => followUp(adjustment.RecommendationId, "carried-out", "已调整", Tours.PlanStaff), "carried out before adopted");
        await followUp(adjustment.RecommendationId, "adopted", "市委常委会研究同意", Tours.PlanStaff);
        await followUp(adjustment.RecommendationId, "carried-out", "已调整班子成员2名", Tours.PlanStaff);
        await followUp(reminder.RecommendationId, "declined", "当事人已调离原岗位", Tours.PlanStaff);
        await RefusedAsync(StatusCode.NotFound, () => followUp(Guid.NewGuid().ToString(), "adopted", "同意", Tours.PlanStaff), "an unknown recommendation");

        var report = await platform.Work.GetTourReportAsync(new GetTourReportRequest { TourId = tour.TourId }, With(Tours.Auditor, Chinese));
        Assert.Equal(["较好", "一般"], report.Assessments.Select(a => a.GradeWords));
        Assert.Equal([(adjustment.RecommendationId, "已落实", 2), (reminder.RecommendationId, "未采纳", 1)],
            report.RecommendationsMade.Select(r => (r.RecommendationId, r.StateWords, r.FollowUps.Count)));
        Assert.Equal("当事人已调离原岗位", report.RecommendationsMade[1].FollowUps.Single().Note);
        Assert.Equal(1, (await platform.Rectification.GetProgressAsync(new GetProgressRequest { TourId = tour.TourId }, Tours.PlanStaff)).LeadershipTeamsAdjusted);
        Assert.True((await platform.Rectification.GetProgressAsync(new GetProgressRequest { Target = tour.Target }, Tours.Auditor)).LeadershipTeamsAdjusted >= 1);

        // Feedback, close: the notice is listed publicly, newest first, under its division and not under another.
        await platform.Work.HoldFeedbackAsync(new HoldFeedbackRequest
        {
            TourId = tour.TourId,
            Items =
            {
                new RectificationItemDraft { FindingId = finding.FindingId, ResponsibleUnitId = "u-370811-approval", ResponsiblePerson = "区行政审批服务局局长",
                    Measures = "压缩审批时限，推行一窗受理并公开办理进度", Deadline = Today.AddDays(30).ToString("yyyy-MM-dd") },
            },
        }, leader);
        await platform.Planning.CloseTourAsync(new CloseTourRequest { TourId = tour.TourId }, Tours.PlanStaff);
        var city = await platform.PublicInspection.ListRectificationNoticesAsync(new ListRectificationNoticesRequest { PageSize = 100 });
        Assert.Contains(tour.TourId, city.Notices.Select(n => n.TourId));
        Assert.Equal(city.Notices.OrderByDescending(n => n.IssuedAt.ToDateTimeOffset()).Select(n => n.TourId), city.Notices.Select(n => n.TourId));
        var rencheng = await platform.PublicInspection.ListRectificationNoticesAsync(new ListRectificationNoticesRequest { DivisionCode = "370811" }, Chinese);
        var notice = Assert.Single(rencheng.Notices, n => n.TourId == tour.TourId);
        Assert.StartsWith("关于任城区巡察整改情况的公告", notice.Text);
        Assert.DoesNotContain("区行政审批服务局局长", rencheng.ToString());
        Assert.DoesNotContain(tour.TourId, (await platform.PublicInspection.ListRectificationNoticesAsync(
            new ListRectificationNoticesRequest { DivisionCode = "370830", PageSize = 100 })).Notices.Select(n => n.TourId));
    }
}

internal static class MessageExtensions
{
    /// <summary>Changes a request in place and returns it, so a variant reads in one expression.</summary>
    public static T Also<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
