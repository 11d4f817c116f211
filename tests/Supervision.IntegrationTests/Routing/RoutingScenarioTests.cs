using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Routing;

/// <summary>From a report submitted to intake to a case at the unit with authority, through the real broker.</summary>
public sealed class RoutingScenarioTests(PlatformFixture platform)
{
    private static readonly Metadata City = PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer);

    [Fact]
    public async Task Should_transfer_a_city_managed_cadre_reported_at_a_county_up_to_the_city()
    {
        var routed = await SubmitAndRouteAsync(Category.CadreSelectionAndAppointment, "370883", "c-0058");

        Assert.Equal("u-370800-intake", routed.LeadUnitId);
        Assert.Equal(CaseState.Assigned, routed.State);
        Assert.Collection(routed.Decisions,
            d => { Assert.Equal("triage", d.Kind); Assert.Equal("u-370883-intake", d.UnitId); },
            d =>
            {
                Assert.Equal("transfer", d.Kind);
                Assert.Equal("u-370800-intake", d.UnitId);
                Assert.Contains("段兴文", d.Reason);
                Assert.Contains("city-managed", d.Reason);
                Assert.Contains("cadre-selection-and-appointment", d.Reason);
            });
    }

    [Fact]
    public async Task Should_keep_a_county_managed_cadre_at_the_county_that_received_it()
    {
        var routed = await SubmitAndRouteAsync(Category.CadreSelectionAndAppointment, "370883", "c-0357");

        Assert.Equal("u-370883-intake", routed.LeadUnitId);
        Assert.Equal("assign", routed.Decisions[^1].Kind);
    }

    [Fact]
    public async Task Should_transfer_a_county_managed_cadre_reported_at_the_city_down_to_the_county()
    {
        var routed = await SubmitAndRouteAsync(Category.CadreSelectionAndAppointment, "370800", "c-0064");

        Assert.Equal("u-370811-intake", routed.LeadUnitId);
        Assert.Equal(["triage", "transfer"], routed.Decisions.Select(d => d.Kind));
        Assert.Equal("u-370800-intake", routed.Decisions[0].UnitId);
    }

    [Theory]
    [InlineData(Category.Discipline, "c-0358", "u-370883-discipline")]
    [InlineData(Category.WorkStyle, "c-0360", "u-370883-discipline")]
    [InlineData(Category.ConductOutsideWorkingHours, "c-0359", "u-370883-discipline")]
    [InlineData(Category.Other, "c-0367", "u-370883-intake")]
    public async Task Should_send_each_category_to_its_competent_unit(Category category, string cadreId, string expectedLead)
    {
        var routed = await SubmitAndRouteAsync(category, "370883", cadreId);

        Assert.Equal(expectedLead, routed.LeadUnitId);
    }

    [Fact]
    public async Task Should_handle_a_township_managed_cadre_at_the_county()
    {
        var routed = await SubmitAndRouteAsync(Category.CadreSelectionAndAppointment, "370883001", "c-0354");

        Assert.Equal("u-370883-intake", routed.LeadUnitId);
        Assert.Equal("u-370883-intake", routed.Decisions[0].UnitId);
    }

    [Fact]
    public async Task Should_put_election_conduct_on_the_election_clock_with_joint_handling()
    {
        var submitted = await SubmitAsync(Report(Category.ElectionConduct, "370881", "c-0327"));
        var routed = await WaitForCaseAsync(submitted.ReportId);

        Assert.True(routed.ElectionClock);
        var lead = Assert.Single(routed.Tasks, t => t.Lead);
        Assert.Equal("u-370881-intake", lead.UnitId);
        var co = Assert.Single(routed.Tasks, t => !t.Lead);
        Assert.Equal("u-370881-discipline", co.UnitId);
        // Clocks count from receipt at the intake centre, not from when routing got to the report.
        var receivedAt = submitted.ReceivedAt.ToDateTimeOffset();
        var clocks = RoutingClocks.Configured;
        RoutingClocks.AssertDeadline(receivedAt + clocks.ElectionAcknowledgeWithin, lead.AcknowledgeBy, "lead acknowledgement");
        RoutingClocks.AssertDeadline(receivedAt + clocks.ElectionAcknowledgeWithin, co.AcknowledgeBy, "co-unit acknowledgement");
        RoutingClocks.AssertDeadline(receivedAt + clocks.ElectionCloseWithin, routed.CloseBy, "case close");
        RoutingClocks.AssertDeadline(receivedAt + clocks.ElectionCloseWithin, lead.CloseBy, "lead close");

        var inbox = await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = "u-370881-intake" }, City);
        Assert.Contains(inbox.Notifications, n => n.CaseId == routed.CaseId && n.Kind == "assigned" && n.Message.Contains("within the hour"));
    }

    [Fact]
    public async Task Should_give_an_ordinary_report_a_same_day_investigation_deadline_and_no_acknowledgement_clock()
    {
        var submitted = await SubmitAsync(Report(Category.Discipline, "370881", "c-0328"));
        var routed = await WaitForCaseAsync(submitted.ReportId);

        Assert.False(routed.ElectionClock);
        var lead = Assert.Single(routed.Tasks);
        Assert.Null(lead.AcknowledgeBy);
        var receivedAt = submitted.ReceivedAt.ToDateTimeOffset();
        var clocks = RoutingClocks.Configured;
        RoutingClocks.AssertDeadline(clocks.SameDay(receivedAt), lead.InvestigationStartBy, "on-site investigation");
        RoutingClocks.AssertDeadline(receivedAt + clocks.OrdinaryCloseWithin, lead.CloseBy, "lead close");
        RoutingClocks.AssertDeadline(receivedAt + clocks.OrdinaryCloseWithin, routed.CloseBy, "case close");
    }

    [Fact]
    public async Task Should_handle_jointly_when_cadres_belong_to_different_levels_led_by_the_level_over_the_most_senior()
    {
        // The county-managed cadre is listed first, but a county cannot investigate the city-managed 郑慧娟: the city leads.
        var routed = await SubmitAndRouteAsync(Category.Discipline, "370811", "c-0065", "c-0059");

        Assert.Equal("u-370800-discipline", routed.LeadUnitId);
        Assert.Equal("u-370811-discipline", Assert.Single(routed.Tasks, t => !t.Lead).UnitId);
        Assert.Contains(routed.Decisions, d => d.Kind == "transfer" && d.Reason.Contains("郑慧娟"));
        Assert.Contains(routed.Decisions, d => d.Kind == "joint" && d.Reason.Contains("刘霞萍"));
    }

    [Fact]
    public async Task Should_queue_an_unknown_cadre_for_the_dispatcher_who_then_places_it()
    {
        var request = Report(Category.WorkStyle, "370830");
        request.Subjects.Add(new Subject { Name = "某某", Post = "科长", UnitName = "某局" });
        var routed = await SubmitAndRouteAsync(request);

        Assert.Equal(CaseState.AwaitingDispatch, routed.State);
        Assert.Equal("", routed.LeadUnitId);
        Assert.Empty(routed.Tasks);
        // Triage names the competent kind of unit; with no subject in the directory the county's intake centre dispatches.
        Assert.Collection(routed.Decisions,
            d => { Assert.Equal("triage", d.Kind); Assert.Equal("u-370830-discipline", d.UnitId); },
            d => { Assert.Equal("dispatch", d.Kind); Assert.Equal("u-370830-intake", d.UnitId); Assert.Contains("dispatcher", d.Reason); });
        var queue = await platform.Cases.ListDispatchQueueAsync(new ListDispatchQueueRequest { DivisionCode = "370830" },
            PlatformFixture.StaffHeaders("370830", Roles.Dispatcher));
        Assert.Contains(queue.Cases, c => c.CaseId == routed.CaseId);

        var handler = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.TransferCaseAsync(
            new TransferCaseRequest { CaseId = routed.CaseId, ToUnitId = "u-370830-discipline", Reason = "作风问题，由纪委监委办理" },
            PlatformFixture.StaffHeaders("370830", Roles.Handler)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, handler.StatusCode);

        var placed = await platform.Cases.TransferCaseAsync(
            new TransferCaseRequest { CaseId = routed.CaseId, ToUnitId = "u-370830-discipline", Reason = "作风问题，由纪委监委办理" },
            PlatformFixture.StaffHeaders("370830", Roles.Dispatcher));
        Assert.Equal(CaseState.Assigned, placed.State);
        Assert.Equal("u-370830-discipline", placed.LeadUnitId);
        Assert.Equal(0, placed.Transfers);
        Assert.Equal([("triage", "u-370830-discipline"), ("dispatch", "u-370830-intake"), ("dispatch", "u-370830-discipline")],
            placed.Decisions.Select(d => (d.Kind, d.UnitId)));
        var after = await platform.Cases.ListDispatchQueueAsync(new ListDispatchQueueRequest { DivisionCode = "370830" },
            PlatformFixture.StaffHeaders("370830", Roles.Dispatcher));
        Assert.DoesNotContain(after.Cases, c => c.CaseId == routed.CaseId);
    }

    [Fact]
    public async Task Should_transfer_down_and_up_by_hand_and_refuse_a_loop()
    {
        var routed = await SubmitAndRouteAsync(Category.Discipline, "370800", "c-0001");
        Assert.Equal("u-370800-discipline", routed.LeadUnitId);
        var dispatcher = PlatformFixture.StaffHeaders("370800", Roles.Dispatcher);

        var down = await platform.Cases.TransferCaseAsync(new TransferCaseRequest
        {
            CaseId = routed.CaseId, ToUnitId = "u-370883-discipline", Reason = "问题发生在邹城市，交由属地先行核查",
        }, dispatcher);
        Assert.Equal("u-370883-discipline", down.LeadUnitId);

        var loop = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.TransferCaseAsync(new TransferCaseRequest
        {
            CaseId = routed.CaseId, ToUnitId = "u-370800-discipline", Reason = "退回市纪委监委",
        }, dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, loop.StatusCode);
        Assert.Contains("loop", loop.Status.Detail);

        var up = await platform.Cases.TransferCaseAsync(new TransferCaseRequest
        {
            CaseId = routed.CaseId, ToUnitId = "u-370800-intake", Reason = "涉及选人用人问题，改由市受理中心办理",
        }, dispatcher);
        Assert.Equal("u-370800-intake", up.LeadUnitId);
        Assert.Equal(2, up.Transfers);
        Assert.Equal(["triage", "assign", "manual-transfer", "manual-transfer"], up.Decisions.Select(d => d.Kind));
        Assert.Equal("transferred", Assert.Single(up.Tasks, t => t.UnitId == "u-370883-discipline").State);
    }

    [Fact]
    public async Task Should_attach_a_second_report_about_the_same_cadre_and_matter_to_the_open_case()
    {
        var first = await SubmitAndRouteAsync(Category.WorkStyle, "370811", "c-0067");
        var second = await SubmitAndRouteAsync(Category.WorkStyle, "370800", "c-0067");

        Assert.Equal(first.CaseId, second.CaseId);
        Assert.Equal(2, second.ReportIds.Count);
        var other = await SubmitAndRouteAsync(Category.Discipline, "370811", "c-0067");
        Assert.NotEqual(first.CaseId, other.CaseId);
    }

    [Fact]
    public async Task Should_work_a_joint_case_to_its_conclusion_and_let_only_one_handler_conclude()
    {
        var routed = await SubmitAndRouteAsync(Category.ElectionConduct, "370826", "c-" + await CadreAsync("370826"));
        var county = PlatformFixture.StaffHeaders("370826", Roles.Handler);
        var lead = routed.Tasks.Single(t => t.Lead).UnitId;
        var co = routed.Tasks.Single(t => !t.Lead).UnitId;

        var early = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Kind = "site-visit", Note = "到现场走访",
        }, county).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);

        var acknowledged = await platform.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = routed.CaseId, UnitId = lead }, county);
        Assert.Equal(CaseState.Acknowledged, acknowledged.State);
        await platform.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = routed.CaseId, UnitId = co }, county);
        var investigating = await platform.Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Kind = "interview", Note = "约谈相关候选人3名",
        }, county);
        Assert.Equal(CaseState.UnderInvestigation, investigating.State);

        var conclude = new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Outcome = Outcome.PartlySubstantiated, Findings = "存在拉票苗头，已及时制止",
            AccountabilityMeasures = "诫勉谈话", PublicSummary = "经核查，反映问题部分属实，已对相关人员诫勉谈话。",
            Measures = { Accountability.AdmonishmentTalk(routed.SubjectCadreId) },
        };
        var waiting = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ConcludeCaseAsync(conclude, county).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, waiting.StatusCode);

        await platform.Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = co, Outcome = Outcome.PartlySubstantiated, Findings = "纪委监委配合核查，未发现违纪款项往来",
        }, county);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                return (await platform.Cases.ConcludeCaseAsync(conclude, county)).State;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return CaseState.Unspecified;
            }
        }));
        Assert.Equal([CaseState.Unspecified, CaseState.Concluded], attempts.Order());

        var final = await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }, City);
        Assert.Equal(Outcome.PartlySubstantiated, final.Outcome);
        Assert.Single(final.Timeline, e => e.Kind == "concluded");
    }

    [Fact]
    public async Task Should_refuse_handlers_outside_the_units_jurisdiction()
    {
        var routed = await SubmitAndRouteAsync(Category.Discipline, "370811", "c-0064");
        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.AcknowledgeCaseAsync(
            new AcknowledgeCaseRequest { CaseId = routed.CaseId, UnitId = routed.LeadUnitId }, PlatformFixture.StaffHeaders("370883", Roles.Handler)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task Should_run_a_report_received_at_the_city_about_a_township_in_its_election_period_on_the_election_clock()
    {
        // One township of 梁山县, whose discipline commission no other test lists or reports to, so the period and the case
        // change no other test's clock or list (a case here once landed in the unit listing test's pages).
        const string township = "370832001";
        const string cadre = "c-0303";
        var period = await platform.Staff.SetElectionPeriodAsync(new SetElectionPeriodRequest
        {
            DivisionCode = township,
            StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            Description = "镇领导班子换届",
        }, City);
        try
        {
            // Received at the city, where no period is open, about a work-discipline matter: judged by the subject's division.
            // Routing learns of the period by event; until then a report opens on the ordinary clock and a later one moves it.
            async Task<Case> ReportAsync()
            {
                var submitted = await SubmitAsync(Report(Category.Discipline, "370800", cadre));
                Assert.False(submitted.ElectionPeriod);
                return await WaitForCaseAsync(submitted.ReportId);
            }
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var routed = await ReportAsync();
            while (!routed.ElectionClock && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                routed = await ReportAsync();
            }

            Assert.True(routed.ElectionClock);
            Assert.Equal("u-370832-discipline", routed.LeadUnitId);
        }
        finally
        {
            await platform.Staff.DeleteElectionPeriodAsync(new DeleteElectionPeriodRequest { ElectionPeriodId = period.ElectionPeriodId }, City);
        }
    }

    private static int _nextCadre;

    /// <summary>A county-managed cadre of a county not used by other scenarios (cases attach per cadre and matter).</summary>
    private async Task<string> CadreAsync(string county)
    {
        var cadres = await platform.Directory.ListCadresAsync(new ListCadresRequest { DivisionCode = county, ManagementAuthority = "county-managed" }, City);
        return cadres.Cadres[Interlocked.Increment(ref _nextCadre) % cadres.Cadres.Count].CadreId["c-".Length..];
    }

    private static SubmitReportRequest Report(Category category, string receivingDivision, params string[] cadreIds)
    {
        var request = Reports.Anonymous(Channel.Hotline, receivingDivision);
        request.Category = category;
        request.Subjects.Clear();
        request.Subjects.AddRange(cadreIds.Select(id => new Subject { CadreId = id }));
        return request;
    }

    private Task<Case> SubmitAndRouteAsync(Category category, string receivingDivision, params string[] cadreIds) =>
        SubmitAndRouteAsync(Report(category, receivingDivision, cadreIds));

    private async Task<Case> SubmitAndRouteAsync(SubmitReportRequest request) => await WaitForCaseAsync((await SubmitAsync(request)).ReportId);

    private async Task<SubmitReportResponse> SubmitAsync(SubmitReportRequest request) =>
        await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));

    public static async Task<Case> WaitForCaseAsync(PlatformFixture platform, string reportId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await platform.Cases.GetCaseByReportAsync(new GetCaseByReportRequest { ReportId = reportId }, City);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private Task<Case> WaitForCaseAsync(string reportId) => WaitForCaseAsync(platform, reportId);
}
