using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Routing;

/// <summary>
/// Duty through the real API: 24-hour duty in an election period (gaps listed and warned of), a notice that finds
/// nobody on duty passed to the next level's duty officer, and a report left in the dispatch queue past its hour.
/// Each scenario uses units no other test gives shifts to or lists exactly.
/// </summary>
public sealed class ElectionDutyTests(PlatformFixture platform)
{
    private static readonly Metadata City = PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer, Roles.Dispatcher);

    [Fact]
    public async Task Should_list_the_gaps_in_the_duty_of_an_election_periods_units_and_warn_them_and_their_dispatching_level()
    {
        // A township of 微山县: its election reports go to the county's intake centre and discipline commission.
        const string discipline = "u-370826-discipline";
        const string intake = "u-370826-intake";
        var county = PlatformFixture.StaffHeaders("370826", Roles.Dispatcher);
        var now = DateTimeOffset.UtcNow;
        await ShiftAsync(discipline, now.AddHours(-2), now.AddHours(3), county);
        await ShiftAsync(discipline, now.AddHours(5), now.AddDays(3), county);
        var period = await platform.Staff.SetElectionPeriodAsync(new SetElectionPeriodRequest
        {
            DivisionCode = "370826101", StartsAt = Timestamp.FromDateTimeOffset(now.AddHours(-1)), EndsAt = Timestamp.FromDateTimeOffset(now.AddDays(2)),
            Description = "镇领导班子换届",
        }, City);
        try
        {
            // Routing learns of the period by event, checks the units' rosters, and warns of gaps within 12 hours at once.
            var gaps = await Eventually.ReachedAsync(() => GapsAsync(new ListDutyGapsRequest { DivisionCode = "370826", PageSize = 1 }, county),
                g => g.Count == 2 && g.All(x => x.Warned), "both gaps found and warned of");
            var intakeGap = Assert.Single(gaps, g => g.UnitId == intake);
            RoutingClocks.AssertDeadline(now.AddHours(-1), intakeGap.StartsAt, "intake gap start");
            RoutingClocks.AssertDeadline(now.AddDays(2), intakeGap.EndsAt, "intake gap end");
            var disciplineGap = Assert.Single(gaps, g => g.UnitId == discipline);
            RoutingClocks.AssertDeadline(now.AddHours(3), disciplineGap.StartsAt, "discipline gap start");
            RoutingClocks.AssertDeadline(now.AddHours(5), disciplineGap.EndsAt, "discipline gap end");
            Assert.Equal(("370826", "Weishan County Commission for Discipline Inspection and Supervisory Commission"), (disciplineGap.DivisionCode, disciplineGap.UnitName));
            Assert.Equal(gaps.OrderBy(g => g.StartsAt.ToDateTimeOffset()).Select(g => g.GapId), gaps.Select(g => g.GapId));

            // The unit hears of its gap, and so does its dispatching level; the intake centre's own gap goes up to the city.
            var atUnit = Assert.Single(await GapNoticesAsync(discipline, county));
            Assert.Equal("", atUnit.CaseId);
            Assert.StartsWith("Nobody is on duty at Weishan County Commission for Discipline Inspection and Supervisory Commission from ", atUnit.Message);
            Assert.Equal(2, (await GapNoticesAsync(intake, county)).Count);
            Assert.Contains(await GapNoticesAsync("u-370800-org", City), n => n.Message.Contains(intakeGap.UnitName));
            var chinese = Assert.Single((await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = discipline },
                ZhCn(county))).Notifications, n => n.Kind == "duty-gap");
            Assert.Contains("无人值班", chinese.Message);

            // Another county sees none of it; a bad unit is named.
            var qufu = PlatformFixture.StaffHeaders("370881", Roles.Dispatcher);
            Assert.DoesNotContain(await GapsAsync(new ListDutyGapsRequest(), qufu), g => g.DivisionCode == "370826");
            foreach (var request in new[] { new ListDutyGapsRequest { DivisionCode = "370826" }, new ListDutyGapsRequest { UnitId = discipline } })
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ListDutyGapsAsync(request, qufu).ResponseAsync);
                Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            }
            var unknown = await Assert.ThrowsAsync<RpcException>(() =>
                platform.Cases.ListDutyGapsAsync(new ListDutyGapsRequest { UnitId = "u-nowhere" }, county).ResponseAsync);
            Assert.Equal(["unit_id"], Reports.Violations(unknown).Keys);

            // A shift that fills the stretch closes the gap.
            await ShiftAsync(discipline, now.AddHours(3), now.AddHours(5), county);
            Assert.Empty(await GapsAsync(new ListDutyGapsRequest { UnitId = discipline }, county));
        }
        finally
        {
            await platform.Staff.DeleteElectionPeriodAsync(new DeleteElectionPeriodRequest { ElectionPeriodId = period.ElectionPeriodId }, City);
        }
        await Eventually.ReachedAsync(() => GapsAsync(new ListDutyGapsRequest { DivisionCode = "370826" }, county), g => g.Count == 0,
            "no gap once the period is deleted");
    }

    [Fact]
    public async Task Should_pass_a_notice_that_found_nobody_on_duty_to_the_next_levels_duty_officer()
    {
        // 泗水县's discipline commission has no shift; the next level's duty unit is the city's organization department.
        const string lead = "u-370831-discipline";
        const string nextLevel = "u-370800-org";
        var officer = "市委组织部值班员" + Random.Shared.Next(1000, 9999);
        var now = DateTimeOffset.UtcNow;
        await OfficerOnShiftAsync(nextLevel, now.AddHours(-1), now.AddHours(2), City);

        var routed = await SubmitAndRouteAsync(Category.Discipline, "370831", "c-0272");
        Assert.Equal(lead, routed.LeadUnitId);

        var county = PlatformFixture.StaffHeaders("370831", Roles.Handler);
        var atLead = Assert.Single((await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = lead }, county)).Notifications,
            n => n.CaseId == routed.CaseId);
        Assert.Equal(("assigned", ""), (atLead.Kind, atLead.DutyOfficer));
        var passedUp = Assert.Single((await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = nextLevel, PageSize = 200 },
            City)).Notifications, n => n.CaseId == routed.CaseId);
        Assert.Equal(("nobody-on-duty", officer), (passedUp.Kind, passedUp.DutyOfficer));
        Assert.Contains(atLead.Message, passedUp.Message);
        // The county reads its own unit's inbox, not the city's.
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = nextLevel }, county).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        async Task OfficerOnShiftAsync(string unitId, DateTimeOffset from, DateTimeOffset to, Metadata headers) =>
            await platform.Cases.SetDutyShiftAsync(new SetDutyShiftRequest
            {
                UnitId = unitId, Officer = officer, Phone = "0537-2967001", StartsAt = Timestamp.FromDateTimeOffset(from), EndsAt = Timestamp.FromDateTimeOffset(to),
            }, headers);
    }

    [Fact]
    public async Task Should_list_an_election_report_left_in_the_dispatch_queue_past_its_hour_as_overdue_and_tell_the_dispatching_levels_duty_officer()
    {
        const string dispatchUnit = "u-370830-intake";
        var dispatcher = PlatformFixture.StaffHeaders("370830", Roles.Dispatcher);
        var now = DateTimeOffset.UtcNow;
        await ShiftAsync(dispatchUnit, now.AddHours(-1), now.AddHours(3), dispatcher);
        var officer = (await platform.Cases.ListDutyRosterAsync(new ListDutyRosterRequest { UnitId = dispatchUnit }, dispatcher)).Shifts
            .Last(s => s.StartsAt.ToDateTimeOffset() <= DateTimeOffset.UtcNow && s.EndsAt.ToDateTimeOffset() > DateTimeOffset.UtcNow).Officer;

        // About the election, but about nobody the directory knows: the rules cannot place it.
        var request = Reports.Anonymous(Channel.Hotline, "370830");
        request.Category = Category.ElectionConduct;
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370830", Roles.IntakeClerk));
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        Assert.Equal((CaseState.AwaitingDispatch, true), (routed.State, routed.ElectionClock));
        Assert.Contains((await platform.Cases.ListDispatchQueueAsync(new ListDispatchQueueRequest { DivisionCode = "370830" }, dispatcher)).Cases,
            c => c.CaseId == routed.CaseId);
        var waiting = Assert.Single(await NoticesAsync(dispatchUnit, routed.CaseId, dispatcher), n => n.Kind == "awaiting-dispatch");
        Assert.Equal(officer, waiting.DutyOfficer);
        Assert.DoesNotContain(await OverdueAsync(dispatcher), c => c.CaseId == routed.CaseId);

        // The dispatch deadline is an hour from receipt: move it into the past, as if the hour had gone by with nobody placing it.
        await using (var connection = new NpgsqlConnection(platform.RoutingDatabase))
        {
            var due = await connection.QuerySingleAsync<DateTime>("select due_at from deadlines where case_id = @caseId and kind = 'dispatch'",
                new { caseId = Guid.Parse(routed.CaseId) });
            RoutingClocks.AssertDeadline(submitted.ReceivedAt.ToDateTimeOffset() + RoutingClocks.Configured.ElectionDispatchWithin,
                Timestamp.FromDateTime(DateTime.SpecifyKind(due, DateTimeKind.Utc)), "dispatch deadline");
            Assert.Equal(1, await connection.ExecuteAsync(
                "update deadlines set due_at = now() - interval '1 second' where case_id = @caseId and kind = 'dispatch'",
                new { caseId = Guid.Parse(routed.CaseId) }));
        }

        var overdue = await Eventually.ReachedAsync(() => OverdueAsync(dispatcher), cases => cases.Any(c => c.CaseId == routed.CaseId),
            "the waiting report listed as overdue");
        Assert.True(overdue.Single(c => c.CaseId == routed.CaseId).Overdue);
        Assert.Contains(await OverdueAsync(City), c => c.CaseId == routed.CaseId);
        Assert.DoesNotContain(await OverdueAsync(PlatformFixture.StaffHeaders("370881", Roles.Dispatcher)), c => c.CaseId == routed.CaseId);
        var told = Assert.Single(await NoticesAsync(dispatchUnit, routed.CaseId, dispatcher), n => n.Kind == "overdue");
        Assert.Equal(officer, told.DutyOfficer);
        Assert.Contains(await NoticesAsync("u-370800-intake", routed.CaseId, City), n => n.Kind == "escalated");
        var after = await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }, dispatcher);
        Assert.True(after.Overdue);
        Assert.Contains(after.Timeline, e => e.Kind == "overdue" && e.UnitId == dispatchUnit);
        Assert.Contains(after.Decisions, d => d.Kind == "escalation" && d.UnitId == "u-370800-intake");
    }

    private async Task ShiftAsync(string unitId, DateTimeOffset from, DateTimeOffset to, Metadata headers) =>
        await platform.Cases.SetDutyShiftAsync(new SetDutyShiftRequest
        {
            UnitId = unitId, Officer = "值班员" + Random.Shared.Next(1000, 9999), Phone = "0537-2967002",
            StartsAt = Timestamp.FromDateTimeOffset(from), EndsAt = Timestamp.FromDateTimeOffset(to),
        }, headers);

    private Task<List<DutyGap>> GapsAsync(ListDutyGapsRequest request, Metadata headers) => AllPagesAsync<DutyGap>(async token =>
    {
        request.PageToken = token;
        var page = await platform.Cases.ListDutyGapsAsync(request, headers);
        return (page.Gaps, page.NextPageToken);
    });

    private async Task<List<Notification>> GapNoticesAsync(string unitId, Metadata headers) =>
        (await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = unitId, PageSize = 200 }, headers)).Notifications
        .Where(n => n.Kind == "duty-gap").ToList();

    private async Task<List<Notification>> NoticesAsync(string unitId, string caseId, Metadata headers) =>
        (await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = unitId, PageSize = 200 }, headers)).Notifications
        .Where(n => n.CaseId == caseId).ToList();

    private Task<List<CaseSummary>> OverdueAsync(Metadata headers) => AllPagesAsync<CaseSummary>(async token =>
    {
        var page = await platform.Cases.ListOverdueAsync(new ListOverdueRequest { PageSize = 200, PageToken = token }, headers);
        return (page.Cases, page.NextPageToken);
    });

    /// <summary>Every page of a list, following its page tokens from the first.</summary>
    private static async Task<List<T>> AllPagesAsync<T>(Func<string, Task<(IEnumerable<T> Items, string NextPageToken)>> read)
    {
        var items = new List<T>();
        var token = "";
        do
        {
            var (page, next) = await read(token);
            items.AddRange(page);
            token = next;
        }
        while (token.Length > 0);
        return items;
    }

    /// <summary>The same caller reading Chinese (the fixture's clients add accept-language: en to headers that name none).</summary>
    private static Metadata ZhCn(Metadata headers)
    {
        var chinese = new Metadata();
        foreach (var entry in headers.Where(e => e.Key != "accept-language"))
        {
            chinese.Add(entry.Key, entry.Value);
        }
        chinese.Add("accept-language", "zh-CN");
        return chinese;
    }

    private async Task<Case> SubmitAndRouteAsync(Category category, string division, string cadreId)
    {
        var request = Reports.Anonymous(Channel.Hotline, division);
        request.Category = category;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = cadreId });
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders(division, Roles.IntakeClerk));
        return await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
    }
}
