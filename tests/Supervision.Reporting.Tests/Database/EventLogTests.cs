using System.Text.Json;
using Npgsql;
using Supervision.Contracts;
using Supervision.Reporting.Domain;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

[assembly: AssemblyFixture(typeof(TestServers))]

namespace Supervision.Reporting.Tests.Database;

/// <summary>The append-only log and the projections built from it: once per message, in any order, the same after a rebuild.</summary>
public sealed class EventLogTests(TestServers servers) : IAsyncLifetime
{
    private ReportingDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Should_record_a_redelivered_message_once()
    {
        var report = new CaseEvents(UnitA).Received(CaseEvents.At(11, 16, 9), ReportChannel.Hotline, "370883");
        var messageId = Guid.NewGuid();

        Assert.True(await _db.RecordAsync(report, messageId));
        Assert.False(await _db.RecordAsync(report, messageId));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _db.RecordAsync(report, messageId)));

        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from event_log"));
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from report_facts"));
        var before = await FiguresAsync();
        Assert.False(await _db.RecordAsync(report, messageId));
        Assert.Equal(before, await FiguresAsync());
    }

    [Fact]
    public async Task Should_refuse_to_change_or_empty_the_log()
    {
        await _db.RecordAllAsync(Events());
        foreach (var sql in new[] { "update event_log set event_type = 'x'", "delete from event_log", "truncate event_log" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => _db.ScalarAsync<int>(sql));
            Assert.Contains("append-only", refused.MessageText);
        }
        Assert.Equal(Events().Count, await _db.ScalarAsync<int>("select count(*)::int from event_log"));
    }

    [Fact]
    public async Task Should_give_the_same_numbers_after_a_rebuild_from_the_log()
    {
        await _db.RecordAllAsync(Events());
        var live = await FiguresAsync();
        var rowsBefore = await _db.ScalarAsync<long>("select (select count(*) from case_facts) + (select count(*) from report_facts)");

        var rebuilt = await _db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));

        Assert.Equal(Events().Count, rebuilt.Events);
        Assert.Equal(live, await FiguresAsync());
        Assert.Equal(rowsBefore, await _db.ScalarAsync<long>("select (select count(*) from case_facts) + (select count(*) from report_facts)"));
        // A second rebuild changes nothing either, and events recorded after it still count.
        await _db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));
        Assert.Equal(live, await FiguresAsync());
    }

    [Fact]
    public async Task Should_give_the_same_numbers_whatever_order_the_events_arrive_in()
    {
        // Each event type has its own queue: a case's events can arrive in any order.
        await _db.RecordAllAsync(Events().Reverse());
        var reversed = await FiguresAsync();
        await using var inOrder = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        await inOrder.RecordAllAsync(Events());
        Assert.Equal(await FiguresAsync(inOrder), reversed);
    }

    [Fact]
    public async Task Should_keep_the_acknowledgement_deadline_when_a_report_joins_the_case_and_renew_it_on_a_transfer()
    {
        var election = new CaseEvents(UnitA);
        var events = new object[]
        {
            election.Opened(CaseEvents.At(11, 16, 9), election: true),
            election.Assigned(CaseEvents.At(11, 16, 9), closeBy: CaseEvents.At(11, 21, 9), acknowledgeBy: CaseEvents.At(11, 16, 10)),
            // A second report joins: routing repeats the lead without an acknowledgement deadline.
            election.Assigned(CaseEvents.At(11, 16, 9, 30), closeBy: CaseEvents.At(11, 21, 9)),
        };
        foreach (var order in new[] { events, Enumerable.Reverse(events).ToArray() })
        {
            await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
            await db.RecordAllAsync(order);
            Assert.Equal(CaseEvents.At(11, 16, 10).UtcDateTime, await db.ScalarAsync<DateTime>("select acknowledge_by from case_facts"));
            // Transferred to unit B with a fresh window: B's deadline, B's acknowledgement.
            await db.RecordAsync(election.Assigned(CaseEvents.At(11, 16, 11), closeBy: CaseEvents.At(11, 21, 9),
                acknowledgeBy: CaseEvents.At(11, 16, 12), unit: UnitB));
            Assert.Equal(UnitB, await db.ScalarAsync<string>("select lead_unit_id from case_facts"));
            Assert.Equal(CaseEvents.At(11, 16, 12).UtcDateTime, await db.ScalarAsync<DateTime>("select acknowledge_by from case_facts"));
        }
    }

    private Task<string> FiguresAsync() => FiguresAsync(_db);

    /// <summary>Every figure of the week, for the city, as one comparable text.</summary>
    private static async Task<string> FiguresAsync(ReportingDatabase db)
    {
        var set = await db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory)
            .ComputeAsync(t, "370800", From.AddDays(-30), To.AddDays(30), To.AddDays(60), CancellationToken.None));
        return JsonSerializer.Serialize(set with { Events = 0 });
    }
}
