using System.Text.Json;
using Dapper;
using Supervision.Contracts.Events.Routing;
using Supervision.Reporting.Domain;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// One election case's lead assignments as routing sends them, in every order two instances and five queues can deliver
/// them, some twice: the live projection gives one row and one set of figures, and a rebuild from the log gives the same.
/// </summary>
public sealed class LeadAssignmentOrderTests(TestServers servers)
{
    private static readonly DateTimeOffset CloseBy = At(11, 21, 9);

    [Fact]
    public async Task Should_give_one_lead_and_deadline_in_every_arrival_order_and_after_a_rebuild()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        // Half the orders see the acknowledgements and the conclusion first, half after; every fourth is delivered twice.
        var orders = await db.RecordInEveryOrderAsync(5, (order, i) =>
        {
            var events = CaseOf(new CaseEvents(UnitA));
            var assignments = order.Select(n => events.Assignments[n]).ToList();
            return i % 2 == 0 ? [.. assignments, .. events.Others] : [.. events.Others.Reverse(), .. assignments];
        });

        var live = await RowsAsync(db);
        Assert.Equal(orders, live.Count);
        // Unit B took the case over at 09:40 with its own hour: the joining reports, even the one stamped after the
        // transfer that still named A, leave B the lead with B's deadline and B's acknowledgement.
        var row = Assert.Single(live.Distinct());
        Assert.Equal((UnitB, At(11, 16, 9, 40).UtcDateTime, At(11, 16, 10, 40).UtcDateTime, CloseBy.UtcDateTime, At(11, 16, 10, 10).UtcDateTime), row);
        var figures = await FiguresAsync(db);
        var unitB = JsonDocument.Parse(figures).RootElement.GetProperty("Units").EnumerateArray().Single(u => u.GetProperty("UnitId").GetString() == UnitB);
        Assert.Equal(orders, unitB.GetProperty("AcknowledgementsDue").GetInt32());
        Assert.Equal(orders, unitB.GetProperty("AcknowledgedOnTime").GetInt32());

        await db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));
        Assert.Equal(live, await RowsAsync(db));
        Assert.Equal(figures, await FiguresAsync(db));
    }

    /// <summary>
    /// Opened and assigned to A at 09:00 (acknowledge within the hour), a report joining with a moment taken just before
    /// routing opened the case, A's acknowledgement, a transfer to B at 09:40, a report joining at 09:41 that still found A
    /// (its transaction locked the case before the transfer's), one joining at 09:50 that found B, and B's acknowledgement.
    /// </summary>
    private static (object[] Assignments, object[] Others) CaseOf(CaseEvents c) =>
    (
        [
            c.Assigned(At(11, 16, 9), CloseBy, acknowledgeBy: At(11, 16, 10)),
            c.Assigned(At(11, 16, 8, 59), CloseBy),
            c.Assigned(At(11, 16, 9, 40), CloseBy, acknowledgeBy: At(11, 16, 10, 40), unit: UnitB),
            c.Assigned(At(11, 16, 9, 41), CloseBy),
            c.Assigned(At(11, 16, 9, 50), CloseBy, unit: UnitB),
        ],
        [
            c.Opened(At(11, 16, 9), election: true),
            c.Acknowledged(At(11, 16, 9, 20)),
            new CaseAcknowledged { CaseId = c.CaseId, ReportIds = [c.ReportId], UnitId = UnitB, At = At(11, 16, 10, 10) },
            c.Concluded(At(11, 18, 9), "substantiated"),
        ]
    );

    private static async Task<List<(string, DateTime, DateTime, DateTime, DateTime)>> RowsAsync(ReportingDatabase db)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, DateTime, DateTime, DateTime, DateTime)>(
            """
            select f.lead_unit_id, f.assigned_at, f.acknowledge_by, f.close_by, a.at
            from case_facts f left join acknowledgements a on a.case_id = f.case_id and a.unit_id = f.lead_unit_id order by f.case_id
            """)).ToList();
    }

    private static async Task<string> FiguresAsync(ReportingDatabase db)
    {
        var set = await db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory)
            .ComputeAsync(t, "370800", From.AddDays(-30), To.AddDays(30), To.AddDays(60), CancellationToken.None));
        return JsonSerializer.Serialize(set with { Events = 0 });
    }
}
