using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Routing;

/// <summary>
/// How units work their cases through the real API, each scenario in a county no other test uses
/// (cases attach per cadre and matter, and lists are per unit).
/// </summary>
public sealed class CaseHandlingTests(PlatformFixture platform)
{
    private static readonly Metadata City = PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer, Roles.Dispatcher);

    [Fact]
    public async Task Should_deliver_a_handlers_question_to_the_reporter_by_receipt_code()
    {
        var (submitted, routed) = await SubmitAndRouteAsync(Category.WorkStyle, "370831", "c-0269");
        var handler = PlatformFixture.StaffHeaders("370831", Roles.Handler);
        const string question = "请问您反映的午间饮酒问题大约发生在哪几天？";

        var asked = await platform.Cases.AskReporterAsync(new AskReporterRequest { CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Question = question }, handler);
        Assert.Contains(asked.Timeline, e => e.Kind == "question" && e.UnitId == routed.LeadUnitId && e.Description.Contains(question));

        // The reporter has only the receipt code, and finds the question there.
        var status = await Eventually.ReachedAsync(() => StatusAsync(submitted.ReceiptCode), s => s.UnreadMessages == 1, "the question unread by the reporter");
        Assert.Contains(status.Timeline, t => t.Kind == "message");
        var message = Assert.Single((await platform.Public.ListReporterMessagesAsync(
            new ListReporterMessagesRequest { ReceiptCode = submitted.ReceiptCode }, PlatformFixture.PublicCaller())).Messages);
        Assert.False(message.FromReporter);
        Assert.Equal(Roles.Handler, message.AuthorRole);
        Assert.Equal(question, message.Body);
        Assert.Equal(0, (await StatusAsync(submitted.ReceiptCode)).UnreadMessages);

        // A unit with no part in the case asks nothing.
        var stranger = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.AskReporterAsync(
            new AskReporterRequest { CaseId = routed.CaseId, UnitId = "u-370831-health", Question = question }, handler).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stranger.StatusCode);
    }

    [Fact]
    public async Task Should_bring_in_a_co_unit_whose_findings_the_lead_must_wait_for()
    {
        var (submitted, routed) = await SubmitAndRouteAsync(Category.WorkStyle, "370831", "c-0270");
        var handler = PlatformFixture.StaffHeaders("370831", Roles.Handler);
        const string coUnit = "u-370831-org";
        const string reason = "涉及干部选任问题，请县委组织部共同核查";
        Assert.Single(routed.Tasks);

        var joint = await platform.Cases.RequestJointHandlingAsync(new RequestJointHandlingRequest
        {
            CaseId = routed.CaseId, CoUnitIds = { coUnit }, Reason = reason,
        }, handler);

        var co = Assert.Single(joint.Tasks, t => !t.Lead);
        Assert.Equal((coUnit, "assigned"), (co.UnitId, co.State));
        Assert.Equal(routed.LeadUnitId, Assert.Single(joint.Tasks, t => t.Lead).UnitId);
        Assert.Contains(joint.Decisions, d => d.Kind == "joint" && d.UnitId == coUnit && d.Reason == reason);
        var inbox = await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = coUnit }, handler);
        Assert.Contains(inbox.Notifications, n => n.CaseId == routed.CaseId && n.Kind == "assigned" && n.Message.Contains(reason));
        await Eventually.ReachedAsync(() => StatusAsync(submitted.ReceiptCode),
            s => s.Timeline.Any(t => t.Kind == "assigned" && t.Description.Contains("中共泗水县委组织部")), "the reporter told of the co-operating unit");

        // The same unit twice, the lead, or a unit already in the case: refused on the field that names it.
        async Task<IReadOnlyDictionary<string, string>> JointRefusedAsync(params string[] units) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Cases.RequestJointHandlingAsync(new RequestJointHandlingRequest
            {
                CaseId = routed.CaseId, CoUnitIds = { units }, Reason = reason,
            }, handler).ResponseAsync));
        Assert.Contains("twice", (await JointRefusedAsync("u-370831-health", "u-370831-health"))["co_unit_ids[1]"]);
        Assert.Contains("already leads", (await JointRefusedAsync(routed.LeadUnitId))["co_unit_ids[0]"]);
        Assert.Contains("already has a part", (await JointRefusedAsync("u-370831-health", coUnit))["co_unit_ids[1]"]);

        var conclude = new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Outcome = Outcome.Unsubstantiated, Findings = "未发现违反工作纪律问题",
            PublicSummary = "经核查，反映问题不属实。",
        };
        // Still assigned, nothing investigated: no conclusion yet.
        var uninvestigated = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ConcludeCaseAsync(conclude, handler).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, uninvestigated.StatusCode);
        Assert.Contains("investigation step", uninvestigated.Status.Detail);

        await platform.Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Kind = "interview", Note = "约谈反映对象",
        }, handler);
        var waiting = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ConcludeCaseAsync(conclude, handler).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, waiting.StatusCode);
        Assert.Contains("Organization Department of CPC Sishui County Committee", waiting.Status.Detail);

        await platform.Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = coUnit, Outcome = Outcome.Unsubstantiated, Findings = "组织部门核查干部档案，未见异常",
        }, handler);
        var concluded = await platform.Cases.ConcludeCaseAsync(conclude, handler);
        Assert.Equal(CaseState.Concluded, concluded.State);
        Assert.Equal("组织部门核查干部档案，未见异常", concluded.Tasks.Single(t => t.UnitId == coUnit).Contribution);
    }

    [Fact]
    public async Task Should_name_the_duty_officer_on_shift_when_a_case_reaches_the_unit()
    {
        const string unit = "u-370828-discipline";
        var dispatcher = PlatformFixture.StaffHeaders("370828", Roles.Dispatcher);
        var officer = "值班员" + Random.Shared.Next(1000, 9999);
        var now = DateTimeOffset.UtcNow;
        var shift = new SetDutyShiftRequest
        {
            UnitId = unit, Officer = officer, Phone = "0537-8777001",
            StartsAt = Timestamp.FromDateTimeOffset(now.AddHours(-1)), EndsAt = Timestamp.FromDateTimeOffset(now.AddHours(8)),
        };

        var handlerRefused = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Cases.SetDutyShiftAsync(shift, PlatformFixture.StaffHeaders("370828", Roles.Handler)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, handlerRefused.StatusCode);
        var otherCounty = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Cases.SetDutyShiftAsync(shift, PlatformFixture.StaffHeaders("370881", Roles.Dispatcher)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherCounty.StatusCode);
        var saved = await platform.Cases.SetDutyShiftAsync(shift, dispatcher);
        Assert.Equal((unit, officer, shift.StartsAt, shift.EndsAt), (saved.UnitId, saved.Officer, saved.StartsAt, saved.EndsAt));

        var roster = await platform.Cases.ListDutyRosterAsync(new ListDutyRosterRequest { UnitId = unit }, PlatformFixture.StaffHeaders("370828", Roles.Handler));
        var listed = Assert.Single(roster.Shifts, s => s.ShiftId == saved.ShiftId);
        Assert.Equal((officer, "0537-8777001"), (listed.Officer, listed.Phone));
        var later = await platform.Cases.ListDutyRosterAsync(new ListDutyRosterRequest
        {
            UnitId = unit, From = Timestamp.FromDateTimeOffset(now.AddHours(9)), To = Timestamp.FromDateTimeOffset(now.AddHours(20)),
        }, dispatcher);
        Assert.DoesNotContain(later.Shifts, s => s.ShiftId == saved.ShiftId);

        var (_, routed) = await SubmitAndRouteAsync(Category.Discipline, "370828", "c-0180");
        Assert.Equal(unit, routed.LeadUnitId);
        var inbox = await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = unit }, dispatcher);
        var told = Assert.Single(inbox.Notifications, n => n.CaseId == routed.CaseId && n.Kind == "assigned");
        Assert.Equal(officer, told.DutyOfficer);
    }

    [Fact]
    public async Task Should_list_an_overdue_case_for_its_countys_daily_dispatch_and_escalate_it()
    {
        var (_, late) = await SubmitAndRouteAsync(Category.Discipline, "370829", "c-0211");
        var (_, onTime) = await SubmitAndRouteAsync(Category.Discipline, "370829", "c-0212");
        var dispatcher = PlatformFixture.StaffHeaders("370829", Roles.Dispatcher);

        // The same-day deadline is hours away: move it into the past, as if the day had ended with nobody on site.
        await using (var connection = new NpgsqlConnection(platform.RoutingDatabase))
        {
            Assert.Equal(1, await connection.ExecuteAsync(
                "update deadlines set due_at = now() - interval '1 second' where case_id = @caseId and kind = 'investigation-start'",
                new { caseId = Guid.Parse(late.CaseId) }));
        }

        var overdue = await Eventually.ReachedAsync(() => OverdueAsync(new ListOverdueRequest { DivisionCode = "370829" }, dispatcher),
            cases => cases.Any(c => c.CaseId == late.CaseId), "the late case listed as overdue");
        Assert.All(overdue, c => Assert.True(c.Overdue));
        Assert.DoesNotContain(overdue, c => c.CaseId == onTime.CaseId);
        Assert.Contains(await OverdueAsync(new ListOverdueRequest(), City), c => c.CaseId == late.CaseId);

        var after = await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = late.CaseId }, dispatcher);
        Assert.True(after.Overdue);
        Assert.Contains(after.Timeline, e => e.Kind == "overdue" && e.UnitId == "u-370829-discipline");
        Assert.Contains(after.Decisions, d => d.Kind == "escalation" && d.UnitId == "u-370800-discipline");
        var city = await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = "u-370800-discipline" }, City);
        Assert.Contains(city.Notifications, n => n.CaseId == late.CaseId && n.Kind == "escalated");

        // Another county's daily dispatch neither sees it nor may ask for this county's.
        var qufu = PlatformFixture.StaffHeaders("370881", Roles.Dispatcher);
        Assert.DoesNotContain(await OverdueAsync(new ListOverdueRequest(), qufu), c => c.CaseId == late.CaseId);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Cases.ListOverdueAsync(new ListOverdueRequest { DivisionCode = "370829" }, qufu).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task Should_list_a_units_cases_most_urgent_first_with_filters_and_pages()
    {
        const string unit = "u-370827-discipline";
        var handler = PlatformFixture.StaffHeaders("370827", Roles.Handler);
        var routed = new List<(SubmitReportResponse Submitted, Case Case)>();
        foreach (var cadre in new[] { "c-0154", "c-0155", "c-0157" })
        {
            routed.Add(await SubmitAndRouteAsync(Category.Discipline, "370827", cadre));
        }
        Assert.All(routed, r => Assert.Equal(unit, r.Case.LeadUnitId));
        var acknowledged = await platform.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = routed[0].Case.CaseId, UnitId = unit }, handler);
        Assert.Equal(CaseState.Acknowledged, acknowledged.State);

        var pages = new List<ListCasesResponse>();
        var request = new ListCasesRequest { UnitId = unit, PageSize = 2 };
        do
        {
            pages.Add(await platform.Cases.ListCasesAsync(request, handler));
            request.PageToken = pages[^1].NextPageToken;
        }
        while (request.PageToken.Length > 0);
        var listed = pages.SelectMany(p => p.Cases).ToList();
        Assert.Equal([2, 1], pages.Select(p => p.Cases.Count));
        Assert.Equal(routed.Select(r => r.Case.CaseId).Order(), listed.Select(c => c.CaseId).Order());
        // Most urgent first: each case's next deadline is its same-day on-site investigation.
        Assert.Equal(listed.OrderBy(c => c.NextDeadline.ToDateTimeOffset()).ThenBy(c => Guid.Parse(c.CaseId)).Select(c => c.CaseId), listed.Select(c => c.CaseId));
        foreach (var (submitted, @case) in routed)
        {
            var summary = listed.Single(c => c.CaseId == @case.CaseId);
            Assert.Equal((unit, 1, false, false), (summary.LeadUnitId, summary.ReportCount, summary.ElectionClock, summary.Overdue));
            RoutingClocks.AssertDeadline(RoutingClocks.Configured.SameDay(submitted.ReceivedAt.ToDateTimeOffset()), summary.NextDeadline, "next deadline");
        }

        Assert.Equal([routed[0].Case.CaseId], await IdsAsync(new ListCasesRequest { UnitId = unit, State = CaseState.Acknowledged }, handler));
        Assert.Equal(routed.Skip(1).Select(r => r.Case.CaseId).Order(), (await IdsAsync(new ListCasesRequest { UnitId = unit, State = CaseState.Assigned }, handler)).Order());
        Assert.Empty(await IdsAsync(new ListCasesRequest { UnitId = unit, ElectionClock = true }, handler));
        Assert.Empty(await IdsAsync(new ListCasesRequest { UnitId = unit, OverdueOnly = true }, handler));
        // Without a unit, a county's staff get every case their units have a part in, and only those.
        // (Other scenarios, the work supervisors', also refer reports in this county: check membership, not the count.)
        var county = await platform.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 200 }, handler);
        Assert.Subset(county.Cases.Select(c => c.CaseId).ToHashSet(), routed.Select(r => r.Case.CaseId).ToHashSet());
        foreach (var listedCase in county.Cases)
        {
            var full = await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = listedCase.CaseId }, handler);
            Assert.Contains(full.Tasks, t => t.UnitId.StartsWith("u-370827", StringComparison.Ordinal));
        }
    }

    private async Task<List<string>> IdsAsync(ListCasesRequest request, Metadata headers) =>
        (await platform.Cases.ListCasesAsync(request, headers)).Cases.Select(c => c.CaseId).ToList();

    private async Task<List<CaseSummary>> OverdueAsync(ListOverdueRequest request, Metadata headers)
    {
        var cases = new List<CaseSummary>();
        request.PageSize = 200;
        do
        {
            var page = await platform.Cases.ListOverdueAsync(request, headers);
            cases.AddRange(page.Cases);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return cases;
    }

    // In Chinese, as the reporter reads it: the units by their Chinese names.
    private async Task<ReportStatus> StatusAsync(string receipt) =>
        await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receipt }, PlatformFixture.PublicCaller(language: "zh-CN"));

    private Task<(SubmitReportResponse Submitted, Case Case)> SubmitAndRouteAsync(Category category, string division, string cadreId) =>
        SubmitAndRouteAsync(platform, category, division, cadreId);

    /// <summary>An anonymous hotline report about a cadre, entered by the county's clerk, and the case routing made of it.</summary>
    internal static async Task<(SubmitReportResponse Submitted, Case Case)> SubmitAndRouteAsync(PlatformFixture platform, Category category, string division,
        string cadreId)
    {
        var request = Reports.Anonymous(Channel.Hotline, division);
        request.Category = category;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = cadreId });
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders(division, Roles.IntakeClerk));
        return (submitted, await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId));
    }
}
