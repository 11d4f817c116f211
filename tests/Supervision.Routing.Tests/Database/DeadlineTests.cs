using Microsoft.Extensions.Time.Testing;
using Supervision.Contracts.Events.Routing;
using Supervision.Contracts;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

public sealed class DeadlineTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_escalate_an_unacknowledged_election_report_once_after_the_hour()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var city = TestData.Unit("discipline-inspection", TestData.CityCode);
        var clock = new FakeTimeProvider(Opened);
        var report = ElectionReport(ReportCategory.Discipline, cadre);
        await Db.OpenAsync(report, clock.GetUtcNow());
        var caseId = await Db.CaseOfAsync(report);
        // The duty officer phoned the unit; the unit itself never acknowledged.
        await Db.ConfirmPhoneCallsAsync(caseId, Opened.AddMinutes(5));

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await Db.FireAsync(clock.GetUtcNow()));
        Assert.False(await Db.ScalarAsync<bool>("select overdue from case_tasks where case_id = @caseId", new { caseId }));

        clock.Advance(TimeSpan.FromMinutes(2));
        var firedAt = clock.GetUtcNow();
        Assert.Equal(1, await Db.FireAsync(firedAt));

        Assert.True(await Db.ScalarAsync<bool>("select overdue from case_tasks where case_id = @caseId and unit_id = @Id", new { caseId, lead.Id }));
        var fired = Assert.Single(await Db.QueryAsync<(string Kind, DateTime FiredAt)>(
            "select kind, fired_at from deadlines where case_id = @caseId and fired_at is not null", new { caseId }));
        Assert.Equal(("acknowledge", firedAt.UtcDateTime), fired);
        Assert.Equal([("overdue", lead.Id), ("escalated", city.Id)], await Db.QueryAsync<(string, string)>(
            "select kind, unit_id from case_timeline where case_id = @caseId and kind in ('overdue', 'escalated') order by id", new { caseId }));
        Assert.Equal([city.Id], await Db.QueryAsync<string>(
            "select unit_id from case_decisions where case_id = @caseId and kind = 'escalation'", new { caseId }));
        Assert.Equal([(lead.Id, "overdue"), (city.Id, "escalated")], await Db.QueryAsync<(string, string)>(
            "select unit_id, kind from notifications where case_id = @caseId and kind in ('overdue', 'escalated') order by kind desc", new { caseId }));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseOverdue>(caseId));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseEscalated>(caseId));

        Assert.Equal(0, await Db.FireAsync(firedAt));
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await Db.FireAsync(clock.GetUtcNow()));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseOverdue>(caseId));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseEscalated>(caseId));
    }

    [Fact]
    public async Task Should_not_escalate_an_acknowledged_election_report_but_fire_its_close_deadline()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var clock = new FakeTimeProvider(Opened);
        var report = ElectionReport(ReportCategory.Discipline, cadre);
        await Db.OpenAsync(report, clock.GetUtcNow());
        var caseId = await Db.CaseOfAsync(report);

        clock.Advance(TimeSpan.FromMinutes(30));
        await Db.ConfirmPhoneCallsAsync(caseId, clock.GetUtcNow());
        await Db.InTransactionAsync(t => Db.Handling.AcknowledgeAsync(t, caseId, lead.Id, "duty officer", clock.GetUtcNow(), CancellationToken.None));
        // On site the same day, as every report is (domain.md §6).
        await Db.InTransactionAsync(t => Db.Handling.RecordStepAsync(t, caseId, lead.Id, "site-visit", "On site", "handler", clock.GetUtcNow(),
            CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(0, await Db.FireAsync(clock.GetUtcNow()));
        Assert.Equal(0, await Db.ScalarAsync<int>("select count(*)::int from case_decisions where case_id = @caseId and kind = 'escalation'", new { caseId }));

        Assert.Equal(0, await Db.FireAsync(Opened.AddDays(5).AddMinutes(-1)));
        Assert.Equal(1, await Db.FireAsync(Opened.AddDays(5).AddMinutes(1)));

        Assert.Equal(["close"], await Db.QueryAsync<string>("select kind from deadlines where case_id = @caseId and fired_at is not null", new { caseId }));
        Assert.Equal(["close"], await Db.QueryAsync<string>(
            "select payload->>'deadline' from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseOverdue).FullName, caseId = caseId.ToString() }));
        Assert.True(await Db.ScalarAsync<bool>("select overdue from case_tasks where case_id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseEscalated>(caseId));
    }

    [Fact]
    public async Task Should_fire_each_deadline_exactly_once_when_two_workers_race()
    {
        var cadres = CountyCadres(30);
        foreach (var cadre in cadres)
        {
            await Db.OpenAsync(ElectionReport(ReportCategory.Discipline, cadre), Opened);
        }

        // Acknowledge and phone-call deadlines: two workers each claim as much as they can in one go.
        var afterTheHour = Opened.AddMinutes(61);
        var acknowledge = await Task.WhenAll(Db.FireAsync(afterTheHour), Db.FireAsync(afterTheHour));
        Assert.Equal(2 * cadres.Count, acknowledge.Sum());

        var afterClose = Opened.AddDays(5).AddMinutes(1);
        async Task<int> WorkerAsync()
        {
            var total = 0;
            for (int fired; (fired = await Db.FireAsync(afterClose, batch: 3)) > 0;)
            {
                total += fired;
            }
            return total;
        }
        // Same-day on-site investigation and close deadlines: two workers loop in small batches, as the deadline worker does.
        var close = await Task.WhenAll(WorkerAsync(), WorkerAsync());
        Assert.Equal(2 * cadres.Count, close.Sum());

        // Per case: acknowledge, phone call, on site the same day, close.
        Assert.Equal(4 * cadres.Count, await Db.ScalarAsync<int>("select count(*)::int from deadlines where fired_at is not null"));
        Assert.Equal(0, await Db.ScalarAsync<int>("select count(*)::int from deadlines where fired_at is null and met_at is null"));
        Assert.Equal(4 * cadres.Count, await Db.ScalarAsync<int>("select count(*)::int from case_timeline where kind = 'overdue'"));
        Assert.Equal(4 * cadres.Count, await Db.ScalarAsync<int>("select count(*)::int from notifications where kind = 'overdue'"));
        Assert.Equal(4 * cadres.Count, await Db.ScalarAsync<int>(
            "select count(*)::int from outbox_messages where message_type = @type", new { type = typeof(CaseOverdue).FullName }));
        Assert.Empty(await Db.QueryAsync<Guid>(
            "select case_id from case_timeline where kind = 'overdue' group by case_id having count(*) <> 4"));
    }

    [Fact]
    public async Task Should_fire_pending_deadlines_after_a_restart()
    {
        var report = ElectionReport(ReportCategory.WorkStyle, CountyCadres(1)[0]);
        await Db.OpenAsync(report, Opened);
        var caseId = await Db.CaseOfAsync(report);

        await Db.RestartAsync();

        // The unit's acknowledgement and the duty officer's phone call.
        Assert.Equal(2, await Db.FireAsync(Opened.AddMinutes(61)));
        Assert.Equal(2, await Db.OutboxCountAsync<CaseOverdue>(caseId));
        Assert.Equal(2, await Db.OutboxCountAsync<CaseEscalated>(caseId));
    }
}
