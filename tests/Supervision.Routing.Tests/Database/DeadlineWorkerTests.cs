using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Supervision.Contracts;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Clocks;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>
/// Two routing instances' deadline workers (each a host with its own connection pool) on one database,
/// on a test clock: each missed deadline is overdue and escalated exactly once, at the time the clock
/// options give.
/// </summary>
public sealed class DeadlineWorkerTests(TestServers servers) : DatabaseTest(servers)
{
    /// <summary>A step of the test clock: every step lets each waiting worker make one more pass.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private const int ExtraPasses = 3;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _clock = new(Opened);

    [Fact]
    public async Task Should_overdue_and_escalate_an_unacknowledged_election_case_once_when_two_workers_run()
    {
        var (caseId, lead) = await OpenDisciplineCaseAsync(election: true);
        var dueAt = Opened + Db.Clocks.ElectionAcknowledgeWithin;

        await AssertFiresOnceAtAsync(caseId, DeadlineKinds.Acknowledge, dueAt, lead);
    }

    [Fact]
    public async Task Should_fire_the_same_day_investigation_deadline_of_an_ordinary_case()
    {
        var (caseId, lead) = await OpenDisciplineCaseAsync(election: false);
        // Opened on a Monday morning in Beijing: due at the end of that working day.
        var local = Opened.ToOffset(Db.Clocks.TimeZoneOffset);
        var dueAt = new DateTimeOffset(local.Date + Db.Clocks.WorkingDayEndsAt, Db.Clocks.TimeZoneOffset);

        await AssertFiresOnceAtAsync(caseId, DeadlineKinds.InvestigationStart, dueAt, lead);
    }

    [Fact]
    public async Task Should_fire_the_close_deadline_of_an_acknowledged_election_case()
    {
        var (caseId, lead) = await OpenDisciplineCaseAsync(election: true);
        await Db.InTransactionAsync(async t =>
        {
            await Db.Handling.AcknowledgeAsync(t, caseId, lead.Id, "duty officer", Opened.AddMinutes(10), CancellationToken.None);
            await Db.Handling.RecordStepAsync(t, caseId, lead.Id, "site-visit", "On site", "handler", Opened.AddHours(2), CancellationToken.None);
        });
        var dueAt = Opened + Db.Clocks.ElectionCloseWithin;

        await AssertFiresOnceAtAsync(caseId, DeadlineKinds.Close, dueAt, lead);
    }

    [Fact]
    public async Task Should_fire_the_feedback_deadline_of_a_concluded_case()
    {
        var (caseId, lead) = await OpenDisciplineCaseAsync(election: true);
        var concludedAt = Opened.AddHours(3);
        await Db.InTransactionAsync(async t =>
        {
            await Db.Handling.AcknowledgeAsync(t, caseId, lead.Id, "duty officer", Opened.AddMinutes(10), CancellationToken.None);
            await Db.Handling.RecordStepAsync(t, caseId, lead.Id, "site-visit", "On site", "handler", Opened.AddHours(1), CancellationToken.None);
            await Db.Conclusion.ConcludeAsync(t, caseId, lead.Id, new Conclusion(1, "Findings", "", "The report was substantiated.")
            {
                Accountability = [new MeasureTaken("criticism-and-education", "c-0001", new DateOnly(2026, 1, 5))],
            }, "handler",
                concludedAt, CancellationToken.None);
        });
        var dueAt = concludedAt + Db.Clocks.FeedbackWithin;

        await AssertFiresOnceAtAsync(caseId, DeadlineKinds.Feedback, dueAt, lead);
    }

    [Fact]
    public async Task Should_escalate_an_unconfirmed_phone_call_once_when_two_workers_run()
    {
        var (caseId, lead) = await OpenDisciplineCaseAsync(election: true, phoned: false);
        await Db.InTransactionAsync(t => Db.Handling.AcknowledgeAsync(t, caseId, lead.Id, "duty officer", Opened.AddMinutes(10), CancellationToken.None));
        var dueAt = Opened + Db.Clocks.ElectionPhoneNoticeWithin;

        await AssertFiresOnceAtAsync(caseId, DeadlineKinds.PhoneNotice, dueAt, TestData.Unit("intake-centre", lead.DivisionCode));
    }

    /// <summary>
    /// A case about a county-managed cadre, led by the county's discipline inspection; on the election clock, the duty
    /// officer's phone call is confirmed unless <paramref name="phoned"/> is false.
    /// </summary>
    private async Task<(Guid CaseId, Unit Lead)> OpenDisciplineCaseAsync(bool election, bool phoned = true)
    {
        var cadre = CountyCadres(1)[0];
        var report = election ? ElectionReport(ReportCategory.Discipline, cadre) : OrdinaryReport(ReportCategory.Discipline, cadre);
        var caseId = await Db.OpenCaseAsync(report, Opened);
        if (phoned)
        {
            await Db.ConfirmPhoneCallsAsync(caseId, Opened.AddMinutes(5));
        }
        return (caseId, TestData.Unit("discipline-inspection", cadre.DivisionCode));
    }

    /// <summary>
    /// Starts two worker hosts, sets the test clock to <paramref name="now"/>, steps it until the case has
    /// <paramref name="expectedOverdue"/> overdue events, lets both workers make a few more passes, and stops them.
    /// </summary>
    private async Task RunWorkersAsync(Guid caseId, DateTimeOffset now, int expectedOverdue)
    {
        var hosts = new[] { await StartWorkerHostAsync(), await StartWorkerHostAsync() };
        try
        {
            _clock.SetUtcNow(now);
            var waited = Stopwatch.StartNew();
            while (await Db.OutboxCountAsync<CaseOverdue>(caseId) < expectedOverdue)
            {
                Assert.True(waited.Elapsed < Patience, $"No overdue event within {Patience} (clock at {_clock.GetUtcNow():u}).");
                await StepAsync();
            }
            // Both workers poll again: a deadline fired twice would show now.
            for (var pass = 0; pass < ExtraPasses; pass++)
            {
                await StepAsync();
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
        Assert.Equal(expectedOverdue, await Db.OutboxCountAsync<CaseOverdue>(caseId));
    }

    /// <summary>Early enough that the workers' last pass of a run is still before <paramref name="dueAt"/>.</summary>
    private static DateTimeOffset JustBefore(DateTimeOffset dueAt) => dueAt - (ExtraPasses + 1) * Poll;

    private async Task StepAsync()
    {
        _clock.Advance(Poll);
        await Task.Delay(TimeSpan.FromMilliseconds(30));
    }

    private async Task<IHost> StartWorkerHostAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Db.AddRouting(builder.Services, _clock, new ClockOptions { PollInterval = Poll });
        builder.Services.AddHostedService<DeadlineWorker>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Nothing fires just before <paramref name="dueAt"/>; just after, the deadline is overdue and escalated once.</summary>
    private async Task AssertFiresOnceAtAsync(Guid caseId, string kind, DateTimeOffset dueAt, Unit unit)
    {
        await RunWorkersAsync(caseId, JustBefore(dueAt), expectedOverdue: 0);
        await RunWorkersAsync(caseId, dueAt + Poll, expectedOverdue: 1);

        var upper = TestData.Unit(unit.Kind, TestData.CityCode);
        Assert.Equal([(kind, dueAt.UtcDateTime)], await Db.QueryAsync<(string, DateTime)>(
            "select kind, due_at from deadlines where case_id = @caseId and fired_at is not null", new { caseId }));
        Assert.Equal([(unit.Id, kind, dueAt.UtcDateTime)], await Db.QueryAsync<(string, string, DateTime)>(
            """
            select payload->>'unitId', payload->>'deadline', (payload->>'dueAt')::timestamptz from outbox_messages
            where message_type = @type and payload->>'caseId' = @caseId
            """, new { type = typeof(CaseOverdue).FullName, caseId = caseId.ToString() }));
        Assert.Equal([(unit.Id, upper.Id)], await Db.QueryAsync<(string, string)>(
            "select payload->>'fromUnitId', payload->>'toUnitId' from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseEscalated).FullName, caseId = caseId.ToString() }));
        Assert.Equal([(unit.Id, "overdue"), (upper.Id, "escalated")], await Db.QueryAsync<(string, string)>(
            "select unit_id, kind from notifications where case_id = @caseId and kind in ('overdue', 'escalated') order by kind desc", new { caseId }));
        // A unit's task runs late; a phone call owed by the duty unit is not its task.
        Assert.Equal(DeadlineKinds.OfTask(kind), await Db.ScalarAsync<bool>(
            "select exists(select 1 from case_tasks where case_id = @caseId and overdue)", new { caseId }));
    }
}
