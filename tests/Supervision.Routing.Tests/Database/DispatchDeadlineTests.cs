using Supervision.Routing.Localization;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>A report waiting in a level's dispatch queue is on the clock from receipt, and escalates like any other deadline.</summary>
public sealed class DispatchDeadlineTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_tell_the_dispatch_unit_and_escalate_an_election_report_not_dispatched_within_the_hour()
    {
        var county = CountyCadres(1)[0].DivisionCode;
        var intake = TestData.Unit("intake-centre", county);
        var cityIntake = TestData.Unit("intake-centre", TestData.CityCode);
        var caseId = await Db.OpenCaseAsync(UnplacedReport(county) with { ElectionRelated = true }, Opened.AddMinutes(2));
        var dueAt = Opened + Db.Clocks.ElectionDispatchWithin;

        Assert.Equal([(intake.Id, dueAt.UtcDateTime)], await Db.QueryAsync<(string, DateTime)>(
            "select unit_id, due_at from deadlines where case_id = @caseId and kind = 'dispatch'", new { caseId }));
        var told = Assert.Single(await NotificationStore.NotificationsAsync(Db.DataSource, intake.Id, null, 50, Phrase.English, TestData.Directory, CancellationToken.None));
        Assert.Equal(("awaiting-dispatch", caseId.ToString()), (told.Kind, told.CaseId));
        Assert.Contains("within the hour", told.Message);
        Assert.DoesNotContain(await OverdueInAsync(county), c => c.CaseId == caseId.ToString());

        Assert.Equal(0, await Db.FireAsync(dueAt.AddMinutes(-1)));
        Assert.Equal(1, await Db.FireAsync(dueAt.AddMinutes(1)));
        Assert.Equal(0, await Db.FireAsync(dueAt.AddMinutes(2)));

        Assert.Equal([(intake.Id, DeadlineKinds.Dispatch)], await Db.QueryAsync<(string, string)>(
            "select payload->>'unitId', payload->>'deadline' from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseOverdue).FullName, caseId = caseId.ToString() }));
        Assert.Equal([(intake.Id, cityIntake.Id)], await Db.QueryAsync<(string, string)>(
            "select payload->>'fromUnitId', payload->>'toUnitId' from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseEscalated).FullName, caseId = caseId.ToString() }));
        Assert.Contains(await NotificationStore.NotificationsAsync(Db.DataSource, cityIntake.Id, null, 50, Phrase.English, TestData.Directory, CancellationToken.None),
            n => n.CaseId == caseId.ToString() && n.Kind == "escalated" && n.Message.Contains("dispatch"));
        var overdue = Assert.Single(await OverdueInAsync(county), c => c.CaseId == caseId.ToString());
        Assert.True(overdue.Overdue);
        Assert.True((await new CaseQueries(Db.DataSource, TestData.Directory, TimeProvider.System).GetAsync(caseId, CancellationToken.None))!.Overdue);
    }

    [Fact]
    public async Task Should_meet_the_end_of_day_dispatch_deadline_of_an_ordinary_report_when_the_case_is_placed()
    {
        var county = CountyCadres(1)[0].DivisionCode;
        var intake = TestData.Unit("intake-centre", county);
        var caseId = await Db.OpenCaseAsync(UnplacedReport(county), Opened);
        var local = Opened.ToOffset(Db.Clocks.TimeZoneOffset);
        var endOfDay = new DateTimeOffset(local.Date + Db.Clocks.WorkingDayEndsAt, Db.Clocks.TimeZoneOffset);
        Assert.Equal([endOfDay.UtcDateTime], await Db.QueryAsync<DateTime>(
            "select due_at from deadlines where case_id = @caseId and kind = 'dispatch' and unit_id = @Id", new { caseId, intake.Id }));
        Assert.Contains("end of the working day",
            Assert.Single(await NotificationStore.NotificationsAsync(Db.DataSource, intake.Id, null, 50, Phrase.English, TestData.Directory, CancellationToken.None)).Message);

        var placedAt = Opened.AddHours(2);
        await Db.InTransactionAsync(t => Db.Handling.TransferAsync(t, caseId, TestData.Unit("discipline-inspection", county), "Discipline matter",
            "dispatcher", placedAt, _ => { }, CancellationToken.None));

        Assert.Equal([placedAt.UtcDateTime], await Db.QueryAsync<DateTime>(
            "select met_at from deadlines where case_id = @caseId and kind = 'dispatch'", new { caseId }));
        await Db.FireAsync(endOfDay.AddDays(1));
        Assert.Empty(await Db.QueryAsync<string>(
            "select payload->>'deadline' from outbox_messages where message_type = @type and payload->>'caseId' = @caseId and payload->>'deadline' = 'dispatch'",
            new { type = typeof(CaseOverdue).FullName, caseId = caseId.ToString() }));
    }

    /// <summary>A report whose subject is in no directory: the rules cannot place it, so it waits for the county's dispatcher.</summary>
    private static ReportReceived UnplacedReport(string county) =>
        Reports.About(ReportCategory.Discipline, county, new ReportSubject { Name = "李某", Post = "某局副局长" });

    private Task<IReadOnlyList<V1.CaseSummary>> OverdueInAsync(string county) =>
        new CaseQueries(Db.DataSource, TestData.Directory, TimeProvider.System).ListAsync(new CaseListFilter(null,
            TestData.Directory.Units.Where(u => TestData.Directory.Covers(county, u.DivisionCode)).Select(u => u.Id).ToList(), null, null, null,
            true, false, TimeSpan.Zero, null, 50), CancellationToken.None);
}
