using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>Bad input to inspection is INVALID_ARGUMENT with a field violation naming the field, never INTERNAL.</summary>
public sealed class BadInputTests(PlatformFixture platform)
{
    private static CreatePlanRequest Regular(Action<CreatePlanRequest> change)
    {
        var request = new CreatePlanRequest
        {
            Kind = PlanKind.Regular, Year = 2026, Title = "2026年度巡察计划",
            Rounds = { new Round { Number = 1, Title = "第一轮", StartsOn = "2026-03-01" }, new Round { Number = 2, Title = "第二轮", StartsOn = "2026-09-01" } },
        };
        change(request);
        return request;
    }

    private static ChooseTargetRequest Choice(string planId, Action<ChooseTargetRequest> change)
    {
        var request = Tours.Choice(planId, TargetKind.Division, "370828");
        change(request);
        return request;
    }

    private static FormTeamRequest Team(string tourId, Action<FormTeamRequest> change)
    {
        var request = new FormTeamRequest { TourId = tourId, LeaderId = "i-030", MemberIds = { "i-031" } };
        change(request);
        return request;
    }

    private static DeclareRelativeRequest Relative(Action<Relative> change)
    {
        var relative = new Relative { Kind = "spouse", Name = "某某", Post = "教师", UnitId = "u-370800-education" };
        change(relative);
        return new DeclareRelativeRequest { InspectorId = "i-030", Relative = relative };
    }

    private static RecordWorkRecordRequest WorkRecord(Tour tour, Action<RecordWorkRecordRequest> change)
    {
        var request = new RecordWorkRecordRequest
        {
            TourId = tour.TourId, Kind = "public-interview", HeldOn = "2026-12-02", Notes = "群众反映窗口办事拖沓，多次往返。",
            Interviewee = new Interviewee { Name = "王秀英", Phone = "13905371234", IdNumber = "370830198001011230" },
        };
        change(request);
        return request;
    }

    private static RecordAssessmentRequest Assessment(Tour tour, Action<RecordAssessmentRequest> change)
    {
        var request = new RecordAssessmentRequest
        {
            TourId = tour.TourId, LeadershipUnitId = "u-370800-approval", Grade = "average", Text = "班子服务意识不强，群众反映较多。",
            FindingIds = { Guid.NewGuid().ToString() },
        };
        change(request);
        return request;
    }

    private static readonly Dictionary<string, (Func<PlatformFixture, Tour, Task> Call, string Field)> BadRequests = new()
    {
        ["plan without a kind"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Kind = PlanKind.Unspecified), Tours.PlanStaff).ResponseAsync, "kind"),
        ["plan of an unknown kind"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Kind = (PlanKind)9), Tours.PlanStaff).ResponseAsync, "kind"),
        ["plan year out of range"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Year = 1999), Tours.PlanStaff).ResponseAsync, "year"),
        ["plan without a title"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Title = "  "), Tours.PlanStaff).ResponseAsync, "title"),
        ["plan title too long"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Title = new string('巡', 101)), Tours.PlanStaff).ResponseAsync, "title"),
        ["regular plan without rounds"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Rounds.Clear()), Tours.PlanStaff).ResponseAsync, "rounds"),
        ["regular plan with seven rounds"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r =>
        {
            r.Rounds.Clear();
            r.Rounds.AddRange(Enumerable.Range(1, 7).Select(n => new Round { Number = n, Title = $"第{n}轮", StartsOn = $"2026-{n:00}-01" }));
        }), Tours.PlanStaff).ResponseAsync, "rounds"),
        ["ad hoc plan with rounds"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Kind = PlanKind.AdHoc), Tours.PlanStaff).ResponseAsync, "rounds"),
        ["rounds not numbered from one"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Rounds[0].Number = 2), Tours.PlanStaff).ResponseAsync, "rounds[0].number"),
        ["round start not a date"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Rounds[0].StartsOn = "2026/03/01"), Tours.PlanStaff).ResponseAsync, "rounds[0].starts_on"),
        ["round start outside the plan's year"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Rounds[1].StartsOn = "2027-01-10"), Tours.PlanStaff).ResponseAsync, "rounds[1].starts_on"),
        ["rounds out of order"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Rounds[1].StartsOn = "2026-02-01"), Tours.PlanStaff).ResponseAsync, "rounds[1].starts_on"),
        ["round without a title"] = ((p, _) => p.Planning.CreatePlanAsync(Regular(r => r.Rounds[0].Title = ""), Tours.PlanStaff).ResponseAsync, "rounds[0].title"),
        ["plan id not an id"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.PlanId = "plan-1"), Tours.PlanStaff).ResponseAsync, "plan_id"),
        ["round out of range"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.Round = -1), Tours.PlanStaff).ResponseAsync, "round"),
        ["target without a kind"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.Target.Kind = TargetKind.Unspecified), Tours.PlanStaff).ResponseAsync, "target.kind"),
        ["no target"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.Target = null), Tours.PlanStaff).ResponseAsync, "target.kind"),
        ["a township as a division target"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.Target.Id = "370883001"), Tours.PlanStaff).ResponseAsync, "target.id"),
        ["a county unit as a city department"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.Target = new Target { Kind = TargetKind.Department, Id = "u-370883-gov" }), Tours.PlanStaff).ResponseAsync, "target.id"),
        ["an unknown unit target"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.Target = new Target { Kind = TargetKind.Unit, Id = "u-nowhere" }), Tours.PlanStaff).ResponseAsync, "target.id"),
        ["tour start missing"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.StartsOn = ""), Tours.PlanStaff).ResponseAsync, "starts_on"),
        ["tour start not a date"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.StartsOn = "2026-02-30"), Tours.PlanStaff).ResponseAsync, "starts_on"),
        ["tour longer than the rules allow"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.LengthDays = 500), Tours.PlanStaff).ResponseAsync, "length_days"),
        ["choice reason too short"] = ((p, t) => p.Planning.ChooseTargetAsync(Choice(t.PlanId, r => r.Reason = "太短"), Tours.PlanStaff).ResponseAsync, "reason"),
        ["tour id empty"] = ((p, _) => p.Planning.GetTourAsync(new GetTourRequest(), Tours.PlanStaff).ResponseAsync, "tour_id"),
        ["tour id not an id"] = ((p, _) => p.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = "tour-1" }, Tours.Inspector("i-030")).ResponseAsync, "tour_id"),
        ["unknown leader"] = ((p, t) => p.Planning.FormTeamAsync(Team(t.TourId, r => r.LeaderId = "i-999"), Tours.PlanStaff).ResponseAsync, "leader_id"),
        ["team without members"] = ((p, t) => p.Planning.FormTeamAsync(Team(t.TourId, r => r.MemberIds.Clear()), Tours.PlanStaff).ResponseAsync, "member_ids"),
        ["member named twice"] = ((p, t) => p.Planning.FormTeamAsync(Team(t.TourId, r => r.MemberIds.Add("i-031")), Tours.PlanStaff).ResponseAsync, "member_ids[1]"),
        ["leader named as a member too"] = ((p, t) => p.Planning.FormTeamAsync(Team(t.TourId, r => r.MemberIds.Add("i-030")), Tours.PlanStaff).ResponseAsync, "member_ids"),
        ["unknown inspector checked"] = ((p, t) => p.Planning.CheckRecusalAsync(new CheckRecusalRequest { TourId = t.TourId, InspectorIds = { "x-1" } }, Tours.PlanStaff).ResponseAsync, "inspector_ids[0]"),
        ["no inspector checked"] = ((p, t) => p.Planning.CheckRecusalAsync(new CheckRecusalRequest { TourId = t.TourId }, Tours.PlanStaff).ResponseAsync, "inspector_ids"),
        ["candidates of units"] = ((p, _) => p.Planning.ListCandidatesAsync(new ListCandidatesRequest { Kind = TargetKind.Unit }, Tours.PlanStaff).ResponseAsync, "kind"),
        ["too many candidates"] = ((p, _) => p.Planning.ListCandidatesAsync(new ListCandidatesRequest { Kind = TargetKind.Division, Limit = 51 }, Tours.PlanStaff).ResponseAsync, "limit"),
        ["inspector page too large"] = ((p, _) => p.Inspectors.ListInspectorsAsync(new ListInspectorsRequest { PageSize = 500 }, Tours.PlanStaff).ResponseAsync, "page_size"),
        ["inspector page token made up"] = ((p, _) => p.Inspectors.ListInspectorsAsync(new ListInspectorsRequest { PageToken = "next" }, Tours.PlanStaff).ResponseAsync, "page_token"),
        ["relative of a kind outside the law"] = ((p, _) => p.Inspectors.DeclareRelativeAsync(Relative(r => r.Kind = "friend"), Tours.PlanStaff).ResponseAsync, "relative.kind"),
        ["relative at an unknown unit"] = ((p, _) => p.Inspectors.DeclareRelativeAsync(Relative(r => r.UnitId = "u-nowhere"), Tours.PlanStaff).ResponseAsync, "relative.unit_id"),
        ["relative without a name"] = ((p, _) => p.Inspectors.DeclareRelativeAsync(Relative(r => r.Name = ""), Tours.PlanStaff).ResponseAsync, "relative.name"),
        ["relative with a control character"] = ((p, _) => p.Inspectors.DeclareRelativeAsync(Relative(r => r.Post = "教\u0001师"), Tours.PlanStaff).ResponseAsync, "relative.post"),
        ["finding of an unknown category"] = ((p, t) => p.Work.RecordFindingAsync(new RecordFindingRequest { TourId = t.TourId, Category = "gossip", Description = "干部选拔任用中存在问题", Evidence = "谈话记录", Severity = Severity.Minor, UnitIds = { "u-370800-approval" } }, Tours.Inspector("i-030")).ResponseAsync, "category"),
        ["finding without severity"] = ((p, t) => p.Work.RecordFindingAsync(new RecordFindingRequest { TourId = t.TourId, Category = "work-style", Description = "干部选拔任用中存在问题", Evidence = "谈话记录", UnitIds = { "u-370800-approval" } }, Tours.Inspector("i-030")).ResponseAsync, "severity"),
        ["finding about nobody"] = ((p, t) => p.Work.RecordFindingAsync(new RecordFindingRequest { TourId = t.TourId, Category = "work-style", Description = "干部选拔任用中存在问题", Evidence = "谈话记录", Severity = Severity.Minor }, Tours.Inspector("i-030")).ResponseAsync, "unit_ids"),
        ["finding about an unknown cadre"] = ((p, t) => p.Work.RecordFindingAsync(new RecordFindingRequest { TourId = t.TourId, Category = "work-style", Description = "干部选拔任用中存在问题", Evidence = "谈话记录", Severity = Severity.Minor, CadreIds = { "c-9999" } }, Tours.Inspector("i-030")).ResponseAsync, "cadre_ids[0]"),
        ["report summary too short"] = ((p, t) => p.Work.DraftTourReportAsync(new DraftTourReportRequest { TourId = t.TourId, Summary = "短" }, Tours.Inspector("i-030")).ResponseAsync, "summary"),
        ["review without a note"] = ((p, t) => p.Planning.ReviewTourReportAsync(new ReviewTourReportRequest { TourId = t.TourId }, Tours.PlanStaff).ResponseAsync, "note"),
        ["feedback without items"] = ((p, t) => p.Work.HoldFeedbackAsync(new HoldFeedbackRequest { TourId = t.TourId }, Tours.Inspector("i-030")).ResponseAsync, "items"),
        ["rectification deadline not a date"] = ((p, t) => p.Work.HoldFeedbackAsync(new HoldFeedbackRequest { TourId = t.TourId, Items = { new RectificationItemDraft { FindingId = Guid.NewGuid().ToString(), ResponsibleUnitId = "u-370800-approval", ResponsiblePerson = "张某", Measures = "完善审批监督制度并公开", Deadline = "next month" } } }, Tours.Inspector("i-030")).ResponseAsync, "items[0].deadline"),
        ["rectification at an unknown unit"] = ((p, t) => p.Work.HoldFeedbackAsync(new HoldFeedbackRequest { TourId = t.TourId, Items = { new RectificationItemDraft { FindingId = Guid.NewGuid().ToString(), ResponsibleUnitId = "u-nowhere", ResponsiblePerson = "张某", Measures = "完善审批监督制度并公开", Deadline = "2027-03-01" } } }, Tours.Inspector("i-030")).ResponseAsync, "items[0].responsible_unit_id"),
        ["rectification moved to verified by the unit"] = ((p, _) => p.Rectification.UpdateRectificationAsync(new UpdateRectificationRequest { ItemId = Guid.NewGuid().ToString(), State = RectificationState.Verified }, PlatformFixture.StaffHeadersAs("u-370800-approval", "370800", Supervision.Platform.Roles.TargetUnitContact)).ResponseAsync, "state"),
        ["rectification submitted without evidence"] = ((p, _) => p.Rectification.UpdateRectificationAsync(new UpdateRectificationRequest { ItemId = Guid.NewGuid().ToString(), State = RectificationState.SubmittedForVerification }, PlatformFixture.StaffHeadersAs("u-370800-approval", "370800", Supervision.Platform.Roles.TargetUnitContact)).ResponseAsync, "evidence"),
        ["verification without a note"] = ((p, _) => p.Work.VerifyRectificationAsync(new VerifyRectificationRequest { ItemId = Guid.NewGuid().ToString() }, Tours.Inspector("i-030")).ResponseAsync, "note"),
        ["progress of an unknown target"] = ((p, _) => p.Rectification.GetProgressAsync(new GetProgressRequest { Target = new Target { Kind = TargetKind.Division, Id = "999999" } }, Tours.PlanStaff).ResponseAsync, "target.id"),
        ["pre-announcement phone not a number"] = ((p, t) => p.Work.PublishPreAnnouncementAsync(PreAnnouncementTests.Announcement(t.TourId, a => a.ContactPhone = "call us"), Tours.Inspector("i-030")).ResponseAsync, "contact_phone"),
        ["pre-announcement email malformed"] = ((p, t) => p.Work.PublishPreAnnouncementAsync(PreAnnouncementTests.Announcement(t.TourId, a => a.Email = "xcz@"), Tours.Inspector("i-030")).ResponseAsync, "email"),
        ["pre-announcement without purpose"] = ((p, t) => p.Work.PublishPreAnnouncementAsync(PreAnnouncementTests.Announcement(t.TourId, a => a.Purpose = ""), Tours.Inspector("i-030")).ResponseAsync, "purpose"),
        ["public list of an unknown division"] = ((p, _) => p.PublicInspection.ListPreAnnouncementsAsync(new ListPreAnnouncementsRequest { DivisionCode = "110000" }).ResponseAsync, "division_code"),
        ["public pre-announcement id not an id"] = ((p, _) => p.PublicInspection.GetPreAnnouncementAsync(new GetPreAnnouncementRequest { TourId = "latest" }).ResponseAsync, "tour_id"),
        ["public rectification notice without a tour"] = ((p, _) => p.PublicInspection.GetRectificationNoticeAsync(new GetRectificationNoticeRequest()).ResponseAsync, "tour_id"),
        ["work record of an unknown kind"] = ((p, t) => p.Records.RecordWorkRecordAsync(WorkRecord(t, r => r.Kind = "gossip"), Tours.Inspector("i-030")).ResponseAsync, "kind"),
        ["work record dated in words"] = ((p, t) => p.Records.RecordWorkRecordAsync(WorkRecord(t, r => r.HeldOn = "yesterday"), Tours.Inspector("i-030")).ResponseAsync, "held_on"),
        ["talk without a cadre"] = ((p, t) => p.Records.RecordWorkRecordAsync(WorkRecord(t, r => { r.Kind = "cadre-talk"; r.Interviewee = null; }), Tours.Inspector("i-030")).ResponseAsync, "cadre_ids"),
        ["interviewee kept on a field investigation"] = ((p, t) => p.Records.RecordWorkRecordAsync(WorkRecord(t, r => r.Kind = "field-investigation"), Tours.Inspector("i-030")).ResponseAsync, "interviewee"),
        ["interviewee id number with a wrong check digit"] = ((p, t) => p.Records.RecordWorkRecordAsync(WorkRecord(t, r => r.Interviewee.IdNumber = "370830198001011237"), Tours.Inspector("i-030")).ResponseAsync, "interviewee.id_number"),
        ["interviewee phone too short"] = ((p, t) => p.Records.RecordWorkRecordAsync(WorkRecord(t, r => r.Interviewee.Phone = "12345"), Tours.Inspector("i-030")).ResponseAsync, "interviewee.phone"),
        ["work record naming a member twice"] = ((p, t) => p.Records.RecordWorkRecordAsync(WorkRecord(t, r => r.MemberIds.Add(["i-031", "i-031"])), Tours.Inspector("i-030")).ResponseAsync, "member_ids[1]"),
        ["work records of an unknown kind"] = ((p, t) => p.Records.ListWorkRecordsAsync(new ListWorkRecordsRequest { TourId = t.TourId, Kind = "chat" }, Tours.Auditor).ResponseAsync, "kind"),
        ["work records page token made up"] = ((p, t) => p.Records.ListWorkRecordsAsync(new ListWorkRecordsRequest { TourId = t.TourId, PageToken = "page-2" }, Tours.Auditor).ResponseAsync, "page_token"),
        ["reveal without a reason"] = ((p, _) => p.Records.RevealIntervieweeAsync(new RevealIntervieweeRequest { RecordId = Guid.NewGuid().ToString(), Reason = "查" }, PlatformFixture.StaffHeaders("370800", Supervision.Platform.Roles.OversightOfficer)).ResponseAsync, "reason"),
        ["assessment citing nothing"] = ((p, t) => p.Records.RecordAssessmentAsync(Assessment(t, a => { a.FindingIds.Clear(); a.WorkRecordIds.Clear(); }), Tours.Inspector("i-030")).ResponseAsync, "finding_ids"),
        ["assessment of a team and a cadre at once"] = ((p, t) => p.Records.RecordAssessmentAsync(Assessment(t, a => a.CadreId = "c-0211"), Tours.Inspector("i-030")).ResponseAsync, "leadership_unit_id"),
        ["assessment of an unknown grade"] = ((p, t) => p.Records.RecordAssessmentAsync(Assessment(t, a => a.Grade = "excellent"), Tours.Inspector("i-030")).ResponseAsync, "grade"),
        ["assessment citing a record by a name"] = ((p, t) => p.Records.RecordAssessmentAsync(Assessment(t, a => a.WorkRecordIds.Add("谈话记录")), Tours.Inspector("i-030")).ResponseAsync, "work_record_ids[0]"),
        ["team adjustment without a unit"] = ((p, t) => p.Records.MakeRecommendationAsync(new MakeRecommendationRequest { TourId = t.TourId, Kind = "adjust-leadership-team", Text = "领导班子不团结，建议调整。" }, Tours.Inspector("i-030")).ResponseAsync, "unit_id"),
        ["recommendation of an unknown kind"] = ((p, t) => p.Records.MakeRecommendationAsync(new MakeRecommendationRequest { TourId = t.TourId, Kind = "praise", UnitId = "u-370800-approval", Text = "工作成效明显，建议表扬。" }, Tours.Inspector("i-030")).ResponseAsync, "kind"),
        ["follow-up back to proposed"] = ((p, _) => p.Records.FollowUpRecommendationAsync(new FollowUpRecommendationRequest { RecommendationId = Guid.NewGuid().ToString(), State = "proposed", Note = "重新提出" }, Tours.PlanStaff).ResponseAsync, "state"),
        ["public notices of an unknown division"] = ((p, _) => p.PublicInspection.ListRectificationNoticesAsync(new ListRectificationNoticesRequest { DivisionCode = "110000" }).ResponseAsync, "division_code"),
        ["public notices page too large"] = ((p, _) => p.PublicInspection.ListRectificationNoticesAsync(new ListRectificationNoticesRequest { PageSize = 1000 }).ResponseAsync, "page_size"),
        ["seat without the recused member"] = ((p, t) => p.Planning.SeatReplacementAsync(new SeatReplacementRequest { TourId = t.TourId, ReplacementId = "i-031" }, Tours.PlanStaff).ResponseAsync, "recused_inspector_id"),
        ["seat an unknown replacement"] = ((p, t) => p.Planning.SeatReplacementAsync(new SeatReplacementRequest { TourId = t.TourId, RecusedInspectorId = "i-031", ReplacementId = "i-999" }, Tours.PlanStaff).ResponseAsync, "replacement_id"),
        ["seat the recused member in their own place"] = ((p, t) => p.Planning.SeatReplacementAsync(new SeatReplacementRequest { TourId = t.TourId, RecusedInspectorId = "i-031", ReplacementId = "i-031" }, Tours.PlanStaff).ResponseAsync, "replacement_id"),
        ["seat on a tour named by its target"] = ((p, _) => p.Planning.SeatReplacementAsync(new SeatReplacementRequest { TourId = "370831", RecusedInspectorId = "i-031" }, Tours.PlanStaff).ResponseAsync, "tour_id"),
        ["tour closed by a name, not an id"] = ((p, _) => p.Planning.CloseTourAsync(new CloseTourRequest { TourId = "梁山县" }, Tours.PlanStaff).ResponseAsync, "tour_id"),
    };

    public static TheoryData<string, string> Cases => new(BadRequests.Keys.Select(k => (k, BadRequests[k].Field)).ToArray());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Should_refuse_bad_input_naming_the_field(string @case, string field)
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-approval");

        var ex = await Assert.ThrowsAsync<RpcException>(() => BadRequests[@case].Call(platform, tour));

        var violations = Reports.Violations(ex);
        Assert.True(violations.ContainsKey(field), $"{@case}: expected a violation of {field}, got {string.Join(", ", violations.Keys)}");
        Assert.False(string.IsNullOrWhiteSpace(violations[field]));
    }

    [Fact]
    public async Task Should_report_every_violation_at_once_and_in_chinese_by_default()
    {
        var headers = Tours.PlanStaff;
        headers.Add("accept-language", "zh-CN");
        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Planning.CreatePlanAsync(
            Regular(r => { r.Kind = PlanKind.Unspecified; r.Year = 3000; r.Title = ""; }), headers).ResponseAsync);
        var violations = Reports.Violations(ex);
        Assert.Equal(["kind", "title", "year"], violations.Keys.Order());
        Assert.Contains("年之间", violations["year"]);
    }
}
