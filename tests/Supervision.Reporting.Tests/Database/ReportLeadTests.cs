using System.Text.Json;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.ServiceDefaults.Data;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Each report carries its case and that case's current lead (report_facts.case_id and lead_unit_id), which the bulletins
/// count reports received by: the same lead the join through case_reports and case_facts gives, whether the report joins
/// before or after the lead changed, in any arrival order, delivered twice or by two instances at once, and after a rebuild.
/// </summary>
public sealed class ReportLeadTests(TestServers servers)
{
    private static readonly DateTimeOffset CloseBy = At(12, 16, 9);

    /// <summary>Reports whose case or lead differs from what the join through case_reports and case_facts gives.</summary>
    private const string Drifted =
        """
        select count(*)::int from report_facts r left join case_reports cr on cr.report_id = r.report_id left join case_facts f on f.case_id = cr.case_id
        where r.case_id is distinct from cr.case_id or r.lead_unit_id is distinct from f.lead_unit_id
        """;

    [Fact]
    public async Task Should_count_a_report_that_joins_after_a_transfer_for_the_new_lead()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        var c = new CaseEvents(UnitA);
        var joining = Guid.NewGuid();
        await db.RecordAllAsync(
        [
            c.Received(At(11, 16, 9), ReportChannel.Hotline, "370883"), c.Opened(At(11, 16, 9)), c.Assigned(At(11, 16, 9), CloseBy),
            c.Assigned(At(11, 16, 10), CloseBy, unit: UnitB),
        ]);
        Assert.Equal((0, 1), await ReceivedAsync(db));

        await db.RecordAllAsync([.. Joining(c, joining, At(11, 17, 9), UnitB)]);

        Assert.Equal((0, 2), await ReceivedAsync(db));
        Assert.Equal(UnitB, await db.ScalarAsync<string>("select lead_unit_id from report_facts where report_id = @joining", new { joining }));
        Assert.Equal(0, await db.ScalarAsync<int>(Drifted));
    }

    [Fact]
    public async Task Should_move_a_case_s_reports_to_the_new_lead_on_a_transfer_and_a_promotion()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        var c = new CaseEvents(UnitA);
        await db.RecordAllAsync(
        [
            c.Received(At(11, 16, 9), ReportChannel.Hotline, "370883"), c.Opened(At(11, 16, 9)), c.Assigned(At(11, 16, 9), CloseBy),
            .. Joining(c, Guid.NewGuid(), At(11, 16, 11), UnitA),
        ]);
        Assert.Equal((2, 0), await ReceivedAsync(db));

        // Transferred to B the next day: both reports, received while A led the case, now count for B.
        await db.RecordAsync(c.Assigned(At(11, 17, 9), CloseBy, acknowledgeBy: At(11, 17, 10), unit: UnitB));
        Assert.Equal((0, 2), await ReceivedAsync(db));
        // A co-unit (C) promoted to lead: they follow again.
        await db.RecordAsync(c.Assigned(At(11, 18, 9), CloseBy, acknowledgeBy: At(11, 18, 10), unit: UnitC));
        var units = await PerUnitAsync(db);
        Assert.Equal((0, 0, 2), (Received(units, UnitA), Received(units, UnitB), Received(units, UnitC)));
        Assert.Equal(0, await db.ScalarAsync<int>(Drifted));
    }

    [Fact]
    public async Task Should_give_each_report_its_case_s_lead_in_every_arrival_order_with_redelivery_and_after_a_rebuild()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        // The first report, its case, the assignment to A and the transfer to B, in every order (every fourth delivered twice);
        // the report that joins after the transfer comes first in half the orders and last in the others.
        var orders = await db.RecordInEveryOrderAsync(5, (order, i) =>
        {
            var c = new CaseEvents(UnitA);
            object[] events =
            [
                c.Received(At(11, 16, 9), ReportChannel.Hotline, "370883"), c.Opened(At(11, 16, 9)), c.Assigned(At(11, 16, 9), CloseBy),
                c.Assigned(At(11, 16, 10), CloseBy, acknowledgeBy: At(11, 16, 11), unit: UnitB),
                new CaseOpened { CaseId = c.CaseId, ReportId = Guid.NewGuid(), AttachedToExistingCase = true, ElectionClock = false, At = At(11, 17, 9) },
            ];
            var joining = (CaseOpened)events[4];
            var received = c.Received(At(11, 17, 9), ReportChannel.Letter, "370883") with { ReportId = joining.ReportId };
            var shuffled = order.Select(n => events[n]).ToList();
            return i % 2 == 0 ? [received, .. shuffled] : [.. shuffled, received];
        });

        Assert.Equal(2 * orders, await db.ScalarAsync<int>("select count(*)::int from report_facts where lead_unit_id = @UnitB", new { UnitB }));
        Assert.Equal(0, await db.ScalarAsync<int>(Drifted));
        var live = await FiguresAsync(db);
        Assert.Equal((0, 2 * orders), await ReceivedAsync(db));

        await db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));
        Assert.Equal(0, await db.ScalarAsync<int>(Drifted));
        Assert.Equal(2 * orders, await db.ScalarAsync<int>("select count(*)::int from report_facts where lead_unit_id = @UnitB", new { UnitB }));
        Assert.Equal(live, await FiguresAsync(db));
    }

    [Fact]
    public async Task Should_keep_the_lead_right_when_two_instances_deliver_a_case_s_events_at_once()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        var instances = new[] { db.NewDataSource(), db.NewDataSource() };
        for (var round = 0; round < 25; round++)
        {
            var c = new CaseEvents(UnitA);
            object[] events =
            [
                c.Received(At(11, 16, 9), ReportChannel.Hotline, "370883"), c.Opened(At(11, 16, 9)), c.Assigned(At(11, 16, 9), CloseBy),
                c.Assigned(At(11, 16, 10), CloseBy, acknowledgeBy: At(11, 16, 11), unit: UnitB),
            ];
            await Task.WhenAll(events.Select((e, i) => ReportingDatabase.RecordOnAsync(instances[(i + round) % 2], e)));
        }

        Assert.Equal(25, await db.ScalarAsync<int>("select count(*)::int from report_facts where lead_unit_id = @UnitB", new { UnitB }));
        Assert.Equal(0, await db.ScalarAsync<int>(Drifted));
    }

    [Fact]
    public async Task Should_rebuild_more_reports_than_there_are_report_locks_holding_a_bounded_number_of_locks()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        var reports = ProjectionStore.ReportLockBuckets + 500;
        await db.InTransactionAsync(async t =>
        {
            for (var i = 0; i < reports; i++)
            {
                var received = new CaseEvents(UnitA).Received(At(11, 16, 9).AddSeconds(i), ReportChannel.Online, "370883");
                await EventLogStore.AppendAsync(t, Guid.NewGuid(), EventProjections.EventTypeOf(typeof(ReportReceived)), received.ReceivedAt,
                    JsonSerializer.Serialize(received, EventProjections.Json), CancellationToken.None);
            }
            return true;
        });

        // One transaction replays every report: it holds one lock per bucket at most, not one per report.
        var locks = await db.InTransactionAsync(async t =>
        {
            await EventLog.RebuildAsync(t, CancellationToken.None);
            return await t.ScalarAsync<long>("select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()", null,
                CancellationToken.None);
        });
        Assert.InRange(locks, 1, ProjectionStore.ReportLockBuckets + 10);
        Assert.Equal(reports, await db.ScalarAsync<int>("select count(*)::int from report_facts"));
    }

    /// <summary>A second report about the same matter joining the case, as intake and routing publish it.</summary>
    private static IEnumerable<object> Joining(CaseEvents c, Guid reportId, DateTimeOffset at, string lead) =>
    [
        c.Received(at, ReportChannel.Letter, "370883") with { ReportId = reportId },
        new CaseOpened { CaseId = c.CaseId, ReportId = reportId, AttachedToExistingCase = true, ElectionClock = false, At = at },
        c.Assigned(at, CloseBy, unit: lead) with { ReportIds = [reportId] },
    ];

    /// <summary>Reports received in the week by A and by B.</summary>
    private static async Task<(int A, int B)> ReceivedAsync(ReportingDatabase db)
    {
        var units = await PerUnitAsync(db);
        return (Received(units, UnitA), Received(units, UnitB));
    }

    private static int Received(IReadOnlyList<UnitCounts> units, string unitId) => units.FirstOrDefault(u => u.UnitId == unitId)?.ReportsReceived ?? 0;

    private static Task<IReadOnlyList<UnitCounts>> PerUnitAsync(ReportingDatabase db) =>
        db.InTransactionAsync(t => IndicatorQueries.PerUnitAsync(t, From, To, To.AddDays(60), Beijing, CancellationToken.None));

    private static async Task<string> FiguresAsync(ReportingDatabase db)
    {
        var set = await db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory)
            .ComputeAsync(t, "370800", From.AddDays(-30), To.AddDays(30), To.AddDays(60), CancellationToken.None));
        return JsonSerializer.Serialize(set with { Events = 0 });
    }
}
