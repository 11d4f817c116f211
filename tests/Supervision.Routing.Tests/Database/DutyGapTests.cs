using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Clocks;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>
/// 24-hour duty in an election period, on a real PostgreSQL with the platform's durable timers fired by two
/// instances on a fake clock: gaps found when the period is set, warned of ahead, once, and checked daily.
/// </summary>
public sealed class DutyGapTests(TestServers servers) : DatabaseTest(servers), IAsyncDisposable
{
    private const string Township = "370826101";
    private const string Discipline = "u-370826-discipline";
    private const string Intake = "u-370826-intake";
    private const string CityOrganization = "u-370800-org";

    private readonly FakeTimeProvider _clock = new(Opened);
    private readonly List<ServiceProvider> _instances = [];

    [Fact]
    public async Task Should_warn_each_unit_and_its_dispatching_level_ahead_of_a_gap_once_across_two_instances()
    {
        await ShiftAsync(Discipline, -2, 20);
        await ShiftAsync(Discipline, 22, 72);
        await SetPeriodAsync(-1, 48);

        var gaps = await GapsAsync();
        Assert.Equal([(Discipline, Opened.AddHours(20), Opened.AddHours(22)), (Intake, Opened.AddHours(-1), Opened.AddHours(48))],
            gaps.Select(g => (g.UnitId, g.StartsAt, g.EndsAt)).OrderBy(g => g.UnitId));

        // The intake centre's gap has begun: warned at once; the discipline commission's 12 hours (WarnAhead) before it starts.
        await FireAsync();
        Assert.Single(await GapNoticesAsync(Intake));
        Assert.Single(await GapNoticesAsync(CityOrganization));
        Assert.Empty(await GapNoticesAsync(Discipline));

        _clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));
        await FireAsync();
        Assert.Empty(await GapNoticesAsync(Discipline));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await FireAsync();
        await FireAsync();

        var atUnit = Assert.Single(await GapNoticesAsync(Discipline));
        Assert.Equal(2, (await GapNoticesAsync(Intake)).Count);
        Assert.Single(await GapNoticesAsync(CityOrganization));
        Assert.Equal("", atUnit.CaseId);
        var english = await GapNoticesAsync(Discipline, CultureInfo.GetCultureInfo("en"));
        Assert.Equal($"Nobody is on duty at {TestData.Unit("discipline-inspection", "370826").NameEn} from 2025-03-11 05:00 to 2025-03-11 07:00: "
                     + "an election period needs 24-hour duty; add shifts (SetDutyShift).", english.Single().Message);
        Assert.StartsWith(TestData.Unit("discipline-inspection", "370826").Name + "在 2025-03-11 05:00 至 2025-03-11 07:00 无人值班", atUnit.Message);
        Assert.Equal(2, await Db.ScalarAsync<int>("select count(*)::int from duty_gap_warnings"));
        Assert.Equal(0, await Db.ScalarAsync<int>("select count(*)::int from outbox_messages"));
    }

    [Fact]
    public async Task Should_not_warn_of_a_stretch_covered_since_and_warn_of_what_is_left_of_one_covered_in_part()
    {
        await ShiftAsync(Discipline, -2, 20);
        await ShiftAsync(Discipline, 24, 72);
        await ShiftAsync(Intake, -2, 72);
        await SetPeriodAsync(-1, 48);
        Assert.Equal([(Opened.AddHours(20), Opened.AddHours(24))], (await GapsAsync()).Select(g => (g.StartsAt, g.EndsAt)));

        // Before the warning, someone takes the first hour of it: the warning finds the stretch covered, and the rest gets its own.
        await ShiftAsync(Discipline, 20, 21);
        _clock.Advance(TimeSpan.FromHours(8));
        await FireAsync();
        Assert.Empty(await GapNoticesAsync(Discipline));
        Assert.Equal([(Opened.AddHours(21), Opened.AddHours(24))], (await GapsAsync()).Select(g => (g.StartsAt, g.EndsAt)));

        _clock.Advance(TimeSpan.FromHours(1));
        await FireAsync();
        Assert.Single(await GapNoticesAsync(Discipline));
        Assert.Single(await GapNoticesAsync(Intake));

        // The rest is covered too: no gap is left, and nothing more is said.
        await ShiftAsync(Discipline, 21, 24);
        Assert.Empty(await GapsAsync());
    }

    [Fact]
    public async Task Should_check_daily_while_a_period_lasts_without_warning_twice_of_the_same_gap()
    {
        await ShiftAsync(Discipline, -2, 200);
        await SetPeriodAsync(30, 60);
        // Opened is 09:00 in the city: the next daily check is tomorrow at 08:00.
        var firstCheck = Opened.AddHours(23);
        Assert.Equal([firstCheck.UtcDateTime], await Db.QueryAsync<DateTime>(
            "select due_at from durable_timers where kind = @kind and fired_at is null", new { kind = DutyCoverage.CheckTimer }));

        _clock.Advance(TimeSpan.FromHours(23));
        await FireAsync();
        Assert.Equal([firstCheck.AddDays(1).UtcDateTime], await Db.QueryAsync<DateTime>(
            "select due_at from durable_timers where kind = @kind and fired_at is null", new { kind = DutyCoverage.CheckTimer }));
        Assert.Single(await GapNoticesAsync(Intake));

        _clock.Advance(TimeSpan.FromDays(1));
        await FireAsync();
        Assert.Single(await GapNoticesAsync(Intake));
        Assert.Empty(await GapNoticesAsync(Discipline));

        // After the period, the daily check stops scheduling itself.
        _clock.Advance(TimeSpan.FromDays(2));
        await FireAsync();
        Assert.Empty(await Db.QueryAsync<DateTime>(
            "select due_at from durable_timers where kind = @kind and fired_at is null", new { kind = DutyCoverage.CheckTimer }));
    }

    public new async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    /// <summary>What routing does when ElectionPeriodSet arrives, at the fake clock's time.</summary>
    private Task SetPeriodAsync(int fromHour, int toHour) => Db.InTransactionAsync(async t =>
    {
        await ElectionPeriodStore.SetAsync(t, new ElectionPeriodSet
        {
            ElectionPeriodId = Guid.NewGuid(), DivisionCode = Township, StartsAt = Opened.AddHours(fromHour), EndsAt = Opened.AddHours(toHour),
        }, CancellationToken.None);
        await Instance(0).GetRequiredService<DutyCoverage>().CheckAsync(t, _clock.GetUtcNow(), CancellationToken.None);
    });

    private Task ShiftAsync(string unitId, int fromHour, int toHour) =>
        NotificationStore.AddShiftAsync(Db.DataSource, unitId, "值班员", "0537-1234567", Opened.AddHours(fromHour), Opened.AddHours(toHour),
            CancellationToken.None);

    private async Task<IReadOnlyList<DutyGap>> GapsAsync()
    {
        IReadOnlyList<DutyGap> gaps = [];
        await Db.InTransactionAsync(async t => gaps = await Instance(0).GetRequiredService<DutyCoverage>().GapsAsync(t, _clock.GetUtcNow(),
            CancellationToken.None));
        return gaps;
    }

    /// <summary>Both instances' timer workers fire what is due, at once.</summary>
    private Task FireAsync() => Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
        Instance(i).GetRequiredService<DurableTimerWorker>().FireDueAsync(CancellationToken.None)));

    /// <summary>The unit's duty-gap notices, in Chinese unless another language is given.</summary>
    private async Task<IReadOnlyList<V1.Notification>> GapNoticesAsync(string unitId, CultureInfo? culture = null)
    {
        var inbox = await NotificationStore.NotificationsAsync(Db.DataSource, unitId, null, 50, culture ?? RequestLanguage.Neutral, TestData.Directory,
            CancellationToken.None);
        return inbox.Where(n => n.Kind == DutyCoverage.GapKind).ToList();
    }

    /// <summary>A routing instance on the test's database and the fake clock: its own pool, the service's timer handlers.</summary>
    private ServiceProvider Instance(int index)
    {
        while (_instances.Count <= index)
        {
            var services = new ServiceCollection();
            Db.AddRouting(services, _clock, Db.Clocks);
            services.AddSingleton(Options.Create(new DurableTimerOptions()))
                .AddSingleton<DurableTimerWorker>()
                .AddDurableTimerHandler<DutyCheckTimer>()
                .AddDurableTimerHandler<DutyGapWarningTimer>();
            _instances.Add(services.BuildServiceProvider());
        }
        return _instances[index];
    }
}
