using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Contracts;
using Supervision.Reporting.Data;
using Supervision.Reporting.Dispatch;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// The daily dispatch on its durable timer, with two instances (two starters, two timer workers with their own
/// connection pools) on one injected clock: one dispatch per working day, at the configured time, naming the units.
/// </summary>
public sealed class DailyDispatchTests(TestServers servers) : IAsyncLifetime
{
    /// <summary>Thursday 26 November 2026, 08:00 in Beijing.</summary>
    private static readonly DateTimeOffset Thursday = At(11, 26, 8);

    private readonly FakeTimeProvider _clock = new(Thursday);
    private ReportingDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Should_make_one_dispatch_per_working_day_with_two_instances_and_schedule_the_next()
    {
        var (first, second) = (Instance(), Instance());
        await Task.WhenAll(first.Starter.StartAsync(CancellationToken.None), second.Starter.StartAsync(CancellationToken.None));
        Assert.Equal(["2026-11-26"], await PendingAsync());

        Assert.Equal(0, await first.Worker.FireDueAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(30));
        await RaceAsync(first, second);
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from daily_dispatches"));
        Assert.Equal(["2026-11-27"], await PendingAsync());

        // A restart after the dispatch schedules nothing twice.
        await Instance().Starter.StartAsync(CancellationToken.None);
        Assert.Equal(["2026-11-27"], await PendingAsync());

        // Friday's dispatch, then Monday's: the weekend has none.
        _clock.Advance(TimeSpan.FromDays(1));
        await RaceAsync(first, second);
        Assert.Equal(["2026-11-30"], await PendingAsync());
        _clock.Advance(TimeSpan.FromDays(3));
        await RaceAsync(first, second);
        Assert.Equal(["2026-11-26", "2026-11-27", "2026-11-30"],
            (await _db.InTransactionAsync(t => DispatchStore.ListAsync(t, null, 10, CancellationToken.None)))
            .Select(d => d.DispatchDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Order());
        Assert.Equal(["2026-12-01"], await PendingAsync());
    }

    [Fact]
    public async Task Should_name_each_unit_with_an_overdue_or_due_deadline_and_list_escalations_election_cases_and_duty_gaps()
    {
        var late = new CaseEvents(UnitA);
        var dueToday = new CaseEvents(UnitC);
        var done = new CaseEvents(UnitB);
        await _db.RecordAllAsync(
        [
            // Received Wednesday morning, election clock: not acknowledged within the hour, closing due Thursday afternoon.
            late.Received(At(11, 25, 9), ReportChannel.Hotline, "370883", election: true),
            late.Opened(At(11, 25, 9), election: true),
            late.Assigned(At(11, 25, 9), closeBy: At(11, 26, 17), acknowledgeBy: At(11, 25, 10)),
            late.Escalated(At(11, 25, 12), CityOrganization),
            late.NobodyOnDuty(At(11, 25, 20)),
            // Concluded on 11 November: its feedback falls due today at 15:00.
            dueToday.Received(At(11, 10, 15), ReportChannel.Online, "370811"),
            dueToday.Opened(At(11, 10, 15)),
            dueToday.Assigned(At(11, 10, 15), closeBy: At(12, 10, 15)),
            dueToday.Concluded(At(11, 11, 15), "unsubstantiated"),
            // Closed: nothing of it is due.
            done.Received(At(11, 25, 11), ReportChannel.Letter, "370883001"),
            done.Opened(At(11, 25, 11)),
            done.Assigned(At(11, 25, 11), closeBy: At(12, 25, 11)),
            done.Concluded(At(11, 25, 16), "unsubstantiated"),
            done.Feedback(At(11, 25, 17), realName: false),
            done.Closed(At(11, 25, 17)),
        ]);
        var instance = Instance();
        await instance.Starter.StartAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await instance.Worker.FireDueAsync(CancellationToken.None);

        var stored = await _db.InTransactionAsync(t => DispatchStore.FindAsync(t, new DateOnly(2026, 11, 26), CancellationToken.None));
        var content = stored!.Read();
        Assert.Equal([(UnitA, "acknowledge"), (UnitC, "feedback"), (UnitA, "close")], content.Deadlines.Select(d => (d.UnitId, d.Deadline)));
        // The report of 10 November came in before the period.
        Assert.Equal(2, content.Received.Sum(r => r.Reports));
        Assert.Equal(late.CaseId, Assert.Single(content.Escalations).CaseId);
        Assert.Equal((late.CaseId, "assigned"), (Assert.Single(content.ElectionCases).CaseId, Assert.Single(content.ElectionCases).State));
        Assert.Equal(UnitA, Assert.Single(content.DutyGaps).UnitId);

        // As the city reads it in English, and as 任城区 reads it: only its own unit.
        var reading = new DispatchReading(new Figures(TestData.Directory), TestData.Directory, new DispatchSchedule(TestData.Calendar, TestData.Dispatch));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var city = reading.Read(stored, new StaffCaller("test", new HashSet<string>(), "370800"));
            Assert.Equal("Daily dispatch of 2026-11-26", city.Title);
            Assert.Equal(2, city.ReportsReceived);
            Assert.Equal(UnitA, Assert.Single(city.Overdue).UnitId);
            Assert.StartsWith("Zoucheng City Commission for Discipline Inspection and Supervisory Commission: acknowledgement overdue (due by 2026-11-25 10:00)", Assert.Single(city.Overdue).Text);
            Assert.Equal([UnitC, UnitA], city.DueToday.Select(d => d.UnitId));
            Assert.Contains("1 deadlines overdue, 2 due today.", city.Summary);

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            var county = reading.Read(stored, new StaffCaller("test", new HashSet<string>(), "370811"));
            Assert.Empty(county.Overdue);
            Assert.Equal(UnitC, Assert.Single(county.DueToday).UnitId);
            Assert.Contains("反馈今日到期", county.DueToday[0].Text);
            Assert.Empty(county.Escalations);
            Assert.Empty(county.ElectionCases);
            Assert.Equal(0, county.ReportsReceived);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private (DailyDispatchStarter Starter, DurableTimerWorker Worker) Instance()
    {
        var source = _db.NewDataSource();
        var dispatches = new DailyDispatches(new DispatchSchedule(TestData.Calendar, TestData.Dispatch), TestData.Directory, _clock);
        return (new DailyDispatchStarter(source, dispatches),
            new DurableTimerWorker(source, [new DailyDispatchTimer(dispatches, NullLogger<DailyDispatchTimer>.Instance)],
                new Outbox(new OutboxSignal()), _clock, Options.Create(new DurableTimerOptions()), NullLogger<DurableTimerWorker>.Instance));
    }

    private static async Task RaceAsync((DailyDispatchStarter Starter, DurableTimerWorker Worker) first, (DailyDispatchStarter Starter, DurableTimerWorker Worker) second)
    {
        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(first.Worker.FireDueAsync(CancellationToken.None), second.Worker.FireDueAsync(CancellationToken.None));
        }
    }

    private async Task<IReadOnlyList<string>> PendingAsync()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await Dapper.SqlMapper.QueryAsync<string>(connection,
            "select subject from durable_timers where kind = 'daily-dispatch' and fired_at is null and cancelled_at is null order by subject")).ToList();
    }
}
