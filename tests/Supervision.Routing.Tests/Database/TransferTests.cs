using Supervision.Routing.Data;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Contracts;
using Supervision.Reference;
using Supervision.Routing.Domain;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

public sealed class TransferTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_refuse_a_transfer_beyond_the_cap()
    {
        var cadre = CountyCadres(1)[0];
        var report = OrdinaryReport(ReportCategory.Discipline, cadre);
        await Db.OpenAsync(report, Opened);
        var caseId = await Db.CaseOfAsync(report);
        var others = OtherCountiesDiscipline(cadre.DivisionCode).Take(TestData.Rules.MaxTransfers + 1).ToList();

        var at = Opened;
        foreach (var unit in others.Take(TestData.Rules.MaxTransfers))
        {
            at = at.AddMinutes(5);
            await TransferAsync(caseId, unit, at);
        }
        var error = await RefusedAsync(() => TransferAsync(caseId, others[^1], at.AddMinutes(5)));

        Assert.Contains(TestData.Rules.MaxTransfers.ToString(), error.Message);
        Assert.Equal(TestData.Rules.MaxTransfers, await Db.ScalarAsync<int>("select transfers from cases where id = @caseId", new { caseId }));
        Assert.Equal(others[^2].Id, await Db.ScalarAsync<string>("select lead_unit_id from cases where id = @caseId", new { caseId }));
        Assert.Equal(TestData.Rules.MaxTransfers, await Db.OutboxCountAsync<CaseTransferred>(caseId));
    }

    [Fact]
    public async Task Should_refuse_a_transfer_back_to_a_former_lead()
    {
        var cadre = CountyCadres(1)[0];
        var first = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var second = OtherCountiesDiscipline(cadre.DivisionCode).First();
        var report = OrdinaryReport(ReportCategory.Discipline, cadre);
        await Db.OpenAsync(report, Opened);
        var caseId = await Db.CaseOfAsync(report);

        await RefusedAsync(() => TransferAsync(caseId, first, Opened.AddMinutes(5)));
        await TransferAsync(caseId, second, Opened.AddMinutes(10));
        var error = await RefusedAsync(() => TransferAsync(caseId, first, Opened.AddMinutes(15)));

        Assert.Contains("already led", error.Message);
        Assert.Equal(second.Id, await Db.ScalarAsync<string>("select lead_unit_id from cases where id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.ScalarAsync<int>("select transfers from cases where id = @caseId", new { caseId }));
    }

    [Fact]
    public async Task Should_not_count_a_dispatch_as_a_transfer()
    {
        var county = CountyCadres(1)[0].DivisionCode;
        var report = Reports.About(ReportCategory.Discipline, county, new ReportSubject { Name = "李某", Post = "某局副局长" });
        await Db.OpenAsync(report, Opened);
        var caseId = await Db.CaseOfAsync(report);
        Assert.Equal(CaseStates.AwaitingDispatch, await Db.ScalarAsync<short>("select state from cases where id = @caseId", new { caseId }));
        Assert.Equal(0, await Db.ScalarAsync<int>("select count(*)::int from case_tasks where case_id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseAwaitingDispatch>(caseId));

        await TransferAsync(caseId, TestData.Unit("discipline-inspection", county), Opened.AddMinutes(5));

        Assert.Equal(CaseStates.Assigned, await Db.ScalarAsync<short>("select state from cases where id = @caseId", new { caseId }));
        Assert.Equal(0, await Db.ScalarAsync<int>("select transfers from cases where id = @caseId", new { caseId }));
        Assert.Equal(0, await Db.OutboxCountAsync<CaseTransferred>(caseId));
        Assert.Equal(["dispatched"], await Db.QueryAsync<string>(
            "select kind from case_timeline where case_id = @caseId and kind in ('dispatched', 'transferred')", new { caseId }));
    }

    [Fact]
    public async Task Should_restart_the_clock_of_a_co_unit_promoted_to_lead()
    {
        var cadre = CountyCadres(1)[0];
        var coUnit = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var report = ElectionReport(ReportCategory.ElectionConduct, cadre);
        await Db.OpenAsync(report, Opened);
        var caseId = await Db.CaseOfAsync(report);
        Assert.Equal(2, await Db.ScalarAsync<int>("select count(*)::int from case_tasks where case_id = @caseId", new { caseId }));

        // The co-unit takes the lead half-way through the hour: it gets a fresh hour from then.
        var promotedAt = Opened.AddMinutes(30);
        await TransferAsync(caseId, coUnit, promotedAt);

        Assert.Equal(0, await Db.FireAsync(Opened.AddMinutes(61)));
        Assert.Equal([promotedAt.AddHours(1).UtcDateTime], await Db.QueryAsync<DateTime>(
            "select due_at from deadlines where case_id = @caseId and kind = 'acknowledge' and met_at is null and fired_at is null", new { caseId }));
        // Its acknowledgement, and the duty officer's call to it as the new lead (the call to it as a co-unit was superseded).
        Assert.Equal(2, await Db.FireAsync(promotedAt.AddMinutes(61)));
        Assert.Equal([(DeadlineKinds.Acknowledge, coUnit.Id), (DeadlineKinds.PhoneNotice, TestData.Unit("intake-centre", cadre.DivisionCode).Id)],
            await Db.QueryAsync<(string, string)>(
                "select kind, unit_id from deadlines where case_id = @caseId and fired_at is not null order by kind", new { caseId }));
    }

    [Fact]
    public async Task Should_keep_an_election_case_closing_five_days_from_receipt_however_often_it_is_transferred()
    {
        var cadre = CountyCadres(1)[0];
        var report = ElectionReport(ReportCategory.Discipline, cadre);
        await Db.OpenAsync(report, Opened.AddMinutes(5));
        var caseId = await Db.CaseOfAsync(report);
        var closeBy = (report.ReceivedAt + Db.Clocks.ElectionCloseWithin).UtcDateTime;

        var at = Opened;
        foreach (var unit in OtherCountiesDiscipline(cadre.DivisionCode).Take(TestData.Rules.MaxTransfers))
        {
            at = at.AddDays(1);
            await TransferAsync(caseId, unit, at);
            // Each new lead gets a fresh hour to acknowledge; the close stays 5 days from receipt, on the case and its lead task alike.
            Assert.Equal([(at.AddHours(1).UtcDateTime, closeBy, closeBy)], await Db.QueryAsync<(DateTime, DateTime, DateTime)>(
                """
                select t.acknowledge_by, t.close_by, c.close_by from case_tasks t join cases c on c.id = t.case_id
                where t.case_id = @caseId and t.lead and t.unit_id = c.lead_unit_id
                """, new { caseId }));
        }
        Assert.Equal([closeBy], await Db.QueryAsync<DateTime>(
            "select due_at from deadlines where case_id = @caseId and kind = 'close' and met_at is null and fired_at is null", new { caseId }));
    }

    private Task TransferAsync(Guid caseId, Unit to, DateTimeOffset at) =>
        Db.InTransactionAsync(t => Db.Handling.TransferAsync(t, caseId, to, "Better placed to handle it", "dispatcher", at, _ => { }, CancellationToken.None));

    private static IEnumerable<Unit> OtherCountiesDiscipline(string county) =>
        TestData.Directory.Divisions.Where(d => d.Level == "county" && d.Code != county).OrderBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => TestData.Unit("discipline-inspection", d.Code));
}
