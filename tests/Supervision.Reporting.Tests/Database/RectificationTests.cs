using System.Text.Json;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Contracts.Events.Inspection;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Inspection's rectification items and evaluation's consequences in the log, counted by hand for the week of 16 November:
/// unit A has three items whose deadline was met or passed in the week (one verified on its last day, one verified a day
/// late, one still open past its deadline and reported overdue), unit C one verified early; an item due next week does
/// not count. The same numbers in any order, after a redelivery and after a rebuild.
/// </summary>
public sealed class RectificationTests(TestServers servers) : IAsyncLifetime
{
    private static readonly Guid Tour = Guid.NewGuid();
    private static readonly Guid Finding = Guid.NewGuid();
    private static readonly (Guid OnLastDay, Guid Late, Guid Open, Guid Early, Guid NextWeek) Items =
        (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    private ReportingDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static IReadOnlyList<object> Events() =>
    [
        new FindingRecorded
        {
            FindingId = Finding, TourId = Tour, Category = "selection", Severity = "serious", CadreIds = ["c-0351"], UnitIds = [UnitA], At = At(10, 20, 10),
        },
        new TourReportReviewed { TourId = Tour, Returned = false, DecidedBy = "plan-staff-1", At = At(10, 28, 10) },
        // Due Wednesday 18th, verified at 23:30 that day (Beijing): on time.
        Changed(Items.OnLastDay, UnitA, "", "open", new DateOnly(2026, 11, 18), At(11, 2, 9)),
        Changed(Items.OnLastDay, UnitA, "open", "submitted-for-verification", new DateOnly(2026, 11, 18), At(11, 17, 9)),
        Changed(Items.OnLastDay, UnitA, "submitted-for-verification", "verified", new DateOnly(2026, 11, 18), At(11, 18, 23, 30)),
        // Due Thursday 19th, verified Friday 20th: late, counted in the week of its deadline.
        Changed(Items.Late, UnitA, "", "open", new DateOnly(2026, 11, 19), At(11, 2, 9)),
        Changed(Items.Late, UnitA, "open", "verified", new DateOnly(2026, 11, 19), At(11, 20, 9)),
        // Due Friday 20th, still open: late, and reported overdue.
        Changed(Items.Open, UnitA, "", "open", new DateOnly(2026, 11, 20), At(11, 2, 9)),
        Changed(Items.Open, UnitA, "open", "in-progress", new DateOnly(2026, 11, 20), At(11, 10, 9)),
        new RectificationOverdue
        {
            ItemId = Items.Open, TourId = Tour, ResponsibleUnitId = UnitA, State = "in-progress", Deadline = new DateOnly(2026, 11, 20), At = At(11, 21, 0, 1),
        },
        // Unit C: due 30 November, verified Tuesday 17th: counted in this week, when it was met.
        Changed(Items.Early, UnitC, "", "open", new DateOnly(2026, 11, 30), At(11, 2, 9)),
        Changed(Items.Early, UnitC, "open", "verified", new DateOnly(2026, 11, 30), At(11, 17, 15)),
        // Due next week, open: not in this week.
        Changed(Items.NextWeek, UnitC, "", "open", new DateOnly(2026, 11, 25), At(11, 2, 9)),
        new ConsequenceApplied
        {
            ConsequenceId = Guid.NewGuid(), SessionId = Guid.NewGuid(), UnitId = UnitC, Consequence = "cause-analysis", Rank = 9, RankedUnits = 10,
            Score = 71.5, DueAt = At(12, 15, 0),
        },
    ];

    [Fact]
    public async Task Should_count_rectification_completed_by_its_deadline_for_the_responsible_unit()
    {
        await RecordAllAsync(_db, Events());
        var week = await WeekAsync(_db);
        var a = week.Units.Single(u => u.UnitId == UnitA);
        var c = week.Units.Single(u => u.UnitId == UnitC);
        Assert.Equal((3, 1), (a.RectificationsDue, a.RectifiedOnTime));
        Assert.Equal((1, 1), (c.RectificationsDue, c.RectifiedOnTime));
        Assert.Equal(1, a.DeadlinesMissed);
        Assert.Equal((4, 2), (week.Total.RectificationsDue, week.Total.RectifiedOnTime));
        Assert.Equal(1, Assert.Single(await _db.InTransactionAsync(t => IndicatorQueries.MissedByKindAsync(t, From, To, CancellationToken.None))).Other);
        // The rectification rate is one of the on-time rates a unit is ranked by: C has nothing else due.
        Assert.Equal(100.0, Bulletins.Score(c));
        Assert.Equal(33.3, Bulletins.Score(a with { AcknowledgementsDue = 0, ClosingsDue = 0, FeedbackDue = 0 }));
        // The week after: the item due on the 25th is late as things stand.
        var next = await _db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory)
            .ComputeAsync(t, "370800", To, To.AddDays(7), To.AddDays(8), CancellationToken.None));
        Assert.Equal((1, 0), (next.Units.Single(u => u.UnitId == UnitC).RectificationsDue, next.Units.Single(u => u.UnitId == UnitC).RectifiedOnTime));
        Assert.Equal(Events().Count, await _db.ScalarAsync<int>("select count(*)::int from event_log"));
    }

    [Fact]
    public async Task Should_give_the_same_numbers_in_any_order_after_a_redelivery_and_after_a_rebuild()
    {
        var events = Events();
        await RecordAllAsync(_db, events);
        var live = JsonSerializer.Serialize(await WeekAsync(_db) with { Events = 0 });

        await using var reversed = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        await RecordAllAsync(reversed, events.Reverse());
        Assert.Equal(live, JsonSerializer.Serialize(await WeekAsync(reversed) with { Events = 0 }));

        var redelivered = Guid.NewGuid();
        Assert.True(await _db.RecordAsync((RectificationItemChanged)events[4], redelivered));
        Assert.False(await _db.RecordAsync((RectificationItemChanged)events[4], redelivered));
        await _db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));
        Assert.Equal(live, JsonSerializer.Serialize(await WeekAsync(_db) with { Events = 0 }));
    }

    private static RectificationItemChanged Changed(Guid item, string unit, string from, string to, DateOnly deadline, DateTimeOffset at) => new()
    {
        ItemId = item, TourId = Tour, FindingId = Finding, ResponsibleUnitId = unit, FromState = from, ToState = to, Deadline = deadline, At = at,
    };

    /// <summary>As the consumer records them: evaluation's consequences carry no moment and are logged at the time sent.</summary>
    private static async Task RecordAllAsync(ReportingDatabase db, IEnumerable<object> events)
    {
        foreach (var message in events)
        {
            if (message is ConsequenceApplied consequence)
            {
                await db.InTransactionAsync(t => EventLog.RecordAsync(t, Guid.NewGuid(), consequence, CancellationToken.None, At(11, 19, 10)));
            }
            else
            {
                await db.RecordAllAsync([message]);
            }
        }
    }

    private static Task<IndicatorSet> WeekAsync(ReportingDatabase db) =>
        db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory).ComputeAsync(t, "370800", From, To, To.AddDays(1), CancellationToken.None));
}
