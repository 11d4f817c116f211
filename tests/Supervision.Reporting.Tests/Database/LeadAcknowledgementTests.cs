using System.Text.Json;
using Dapper;
using Supervision.Contracts.Events.Routing;
using Supervision.Reporting.Domain;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;
using Row = (string Lead, System.DateTime AssignedAt, System.DateTime? AcknowledgeBy, System.DateTime? CloseBy, System.DateTime? Acknowledged,
    bool ElectionClock);

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// The lead's acknowledgement and its deadline as the projection keeps them in case_facts, in every order the queues can
/// deliver a case's events (some twice), and after a rebuild from the log:
/// <list type="bullet">
/// <item>a co-unit promoted to lead starts again with a fresh task and window (routing's TransferAsync), so only an
/// acknowledgement made as lead meets the lead's deadline;</item>
/// <item>an election report joining an ordinary case (<see cref="CaseMovedToElectionClock"/>) gives the lead, if it had not
/// acknowledged, the hour from that report's receipt, and the case the election closing deadline.</item>
/// </list>
/// </summary>
public sealed class LeadAcknowledgementTests(TestServers servers)
{
    private static readonly DateTimeOffset CloseBy = At(11, 21, 9);
    private static readonly DateTimeOffset OrdinaryCloseBy = At(12, 16, 9);

    [Fact]
    public async Task Should_count_only_the_acknowledgement_a_co_unit_made_after_it_became_lead()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        // Per order, two cases: B acknowledged at 09:10 as co-unit, became lead at 09:40 (acknowledge by 10:40) and
        // acknowledged again at 10:50, late; in the other B never acknowledged again as lead.
        var orders = await db.RecordInEveryOrderAsync(5, (order, _) =>
        {
            var late = CoUnitBecomesLead(new CaseEvents(UnitA), acknowledgesAgainAt: At(11, 16, 10, 50));
            var never = CoUnitBecomesLead(new CaseEvents(UnitA), acknowledgesAgainAt: null);
            return order.Where(n => n < late.Length).Select(n => late[n]).Concat(order.Where(n => n < never.Length).Select(n => never[n]));
        });

        var live = await RowsAsync(db);
        Assert.Equal(2 * orders, live.Count);
        Row[] expected =
        [
            (UnitB, At(11, 16, 9, 40).UtcDateTime, At(11, 16, 10, 40).UtcDateTime, CloseBy.UtcDateTime, At(11, 16, 10, 50).UtcDateTime, true),
            (UnitB, At(11, 16, 9, 40).UtcDateTime, At(11, 16, 10, 40).UtcDateTime, CloseBy.UtcDateTime, null, true),
        ];
        Assert.Equal(expected, live.Distinct().OrderBy(r => r.Acknowledged is null));
        var unitB = await FiguresOfAsync(db, UnitB);
        Assert.Equal(2 * orders, unitB.GetProperty("AcknowledgementsDue").GetInt32());
        Assert.Equal(0, unitB.GetProperty("AcknowledgedOnTime").GetInt32());

        await AssertRebuildGivesTheSameAsync(db, live);
    }

    [Fact]
    public async Task Should_give_the_lead_the_election_hour_when_an_election_report_joins_its_ordinary_case()
    {
        await using var db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        // Per order, two ordinary cases an election report joined at 09:30 (acknowledge by 10:30, close by the 21st): in one
        // A had not acknowledged and did at 10:20, on time; in the other A had acknowledged at 09:20, so the move named nobody.
        var orders = await db.RecordInEveryOrderAsync(4, (order, _) =>
        {
            var onTime = OrdinaryCaseMoved(new CaseEvents(UnitA), acknowledgedAt: At(11, 16, 10, 20), acknowledgedBeforeTheMove: false);
            var before = OrdinaryCaseMoved(new CaseEvents(UnitA), acknowledgedAt: At(11, 16, 9, 20), acknowledgedBeforeTheMove: true);
            return order.Select(n => onTime[n]).Concat(order.Select(n => before[n]));
        });

        var live = await RowsAsync(db);
        Assert.Equal(2 * orders, live.Count);
        Row[] expected =
        [
            (UnitA, At(11, 16, 9).UtcDateTime, null, CloseBy.UtcDateTime, At(11, 16, 9, 20).UtcDateTime, true),
            (UnitA, At(11, 16, 9).UtcDateTime, At(11, 16, 10, 30).UtcDateTime, CloseBy.UtcDateTime, At(11, 16, 10, 20).UtcDateTime, true),
        ];
        Assert.Equal(expected, live.Distinct().OrderBy(r => r.AcknowledgeBy is not null));
        var unitA = await FiguresOfAsync(db, UnitA);
        Assert.Equal(orders, unitA.GetProperty("AcknowledgementsDue").GetInt32());
        Assert.Equal(orders, unitA.GetProperty("AcknowledgedOnTime").GetInt32());
        Assert.Equal(2 * orders, unitA.GetProperty("ElectionCases").GetInt32());

        await AssertRebuildGivesTheSameAsync(db, live);
    }

    /// <summary>
    /// A leads from 09:00 on the election clock, B joins as co-unit and acknowledges at 09:10, B takes the case over at 09:40
    /// with its own hour; then, if given, B acknowledges as lead.
    /// </summary>
    private static object[] CoUnitBecomesLead(CaseEvents c, DateTimeOffset? acknowledgesAgainAt) =>
    [
        c.Opened(At(11, 16, 9), election: true),
        c.Assigned(At(11, 16, 9), CloseBy, acknowledgeBy: At(11, 16, 10)),
        new CaseAcknowledged { CaseId = c.CaseId, ReportIds = [c.ReportId], UnitId = UnitB, At = At(11, 16, 9, 10) },
        c.Assigned(At(11, 16, 9, 40), CloseBy, acknowledgeBy: At(11, 16, 10, 40), unit: UnitB),
        .. acknowledgesAgainAt is { } at ? [new CaseAcknowledged { CaseId = c.CaseId, ReportIds = [c.ReportId], UnitId = UnitB, At = at }] : Array.Empty<object>(),
    ];

    /// <summary>An ordinary case led by A from 09:00 (no acknowledgement deadline), A's acknowledgement, and the move at 09:30.</summary>
    private static object[] OrdinaryCaseMoved(CaseEvents c, DateTimeOffset acknowledgedAt, bool acknowledgedBeforeTheMove) =>
    [
        c.Opened(At(11, 16, 9)),
        c.Assigned(At(11, 16, 9), OrdinaryCloseBy),
        c.Acknowledged(acknowledgedAt),
        new CaseMovedToElectionClock
        {
            CaseId = c.CaseId, UnitsToAcknowledge = acknowledgedBeforeTheMove ? [] : [UnitA], AcknowledgeBy = At(11, 16, 10, 30), CloseBy = CloseBy,
            At = At(11, 16, 9, 30),
        },
    ];

    private static async Task AssertRebuildGivesTheSameAsync(ReportingDatabase db, List<Row> live)
    {
        var figures = JsonSerializer.Serialize(await FiguresAsync(db) with { Events = 0 });
        await db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));
        Assert.Equal(live, await RowsAsync(db));
        Assert.Equal(figures, JsonSerializer.Serialize(await FiguresAsync(db) with { Events = 0 }));
    }

    private static async Task<List<Row>> RowsAsync(ReportingDatabase db)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Row>(
            "select lead_unit_id, assigned_at, acknowledge_by, close_by, lead_acknowledged_at, election_clock from case_facts order by case_id")).ToList();
    }

    private static Task<IndicatorSet> FiguresAsync(ReportingDatabase db) =>
        db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory)
            .ComputeAsync(t, "370800", From.AddDays(-30), To.AddDays(30), To.AddDays(60), CancellationToken.None));

    private static async Task<JsonElement> FiguresOfAsync(ReportingDatabase db, string unitId) =>
        JsonDocument.Parse(JsonSerializer.Serialize(await FiguresAsync(db))).RootElement.GetProperty("Units").EnumerateArray()
            .Single(u => u.GetProperty("UnitId").GetString() == unitId);
}
