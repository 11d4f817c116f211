using Supervision.Contracts;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// The week of Monday 16 November 2026 (Beijing time), with figures counted by hand. Unit A (邹城市纪委监委) has two
/// election cases and one older ordinary case, unit B (钢山街道办事处, a township of 邹城市) one ordinary case, unit C
/// (任城区纪委监委) one ordinary case still open.
/// </summary>
internal static class HandCountedWeek
{
    public const string UnitA = "u-370883-discipline";
    public const string UnitB = "u-370883001-gov";
    public const string UnitC = "u-370811-discipline";
    public const string CityOrganization = "u-370800-org";

    public static readonly DateTimeOffset From = At(11, 16, 0);
    public static readonly DateTimeOffset To = At(11, 23, 0);

    public static IReadOnlyList<object> Events()
    {
        // A, election: acknowledged in 40 minutes, concluded substantiated in 3 days, real-name feedback next day, disputed.
        var one = new CaseEvents(UnitA);
        // A, election: acknowledged 30 minutes late, not concluded by its 5 days: overdue and escalated.
        var two = new CaseEvents(UnitA);
        // B, ordinary, by letter at the township: concluded unsubstantiated, anonymous feedback to the leadership team.
        var three = new CaseEvents(UnitB);
        // C, ordinary, online in 任城区: open, its deadlines weeks away.
        var four = new CaseEvents(UnitC);
        // A, ordinary, received the week before: concluded partly substantiated in this week.
        var five = new CaseEvents(UnitA);
        return
        [
            one.Received(At(11, 16, 9), ReportChannel.Hotline, "370883", election: true),
            one.Opened(At(11, 16, 9), election: true),
            one.Assigned(At(11, 16, 9), closeBy: At(11, 21, 9), acknowledgeBy: At(11, 16, 10)),
            one.Acknowledged(At(11, 16, 9, 40)),
            one.Concluded(At(11, 19, 15), "substantiated"),
            one.Feedback(At(11, 20, 10), realName: true),
            one.Disputed(At(11, 21, 11)),

            two.Received(At(11, 17, 10), ReportChannel.Hotline, "370883", election: true),
            two.Opened(At(11, 17, 10), election: true),
            two.Assigned(At(11, 17, 10), closeBy: At(11, 22, 10), acknowledgeBy: At(11, 17, 11)),
            two.Acknowledged(At(11, 17, 11, 30)),
            two.Overdue("close", At(11, 22, 10)),
            two.Escalated(At(11, 22, 10), CityOrganization),

            three.Received(At(11, 18, 14), ReportChannel.Letter, "370883001"),
            three.Opened(At(11, 18, 14)),
            three.Assigned(At(11, 18, 14), closeBy: At(12, 18, 14)),
            three.Concluded(At(11, 20, 16), "unsubstantiated"),
            three.Feedback(At(11, 21, 9), realName: false),
            three.Closed(At(11, 21, 9)),

            four.Received(At(11, 19, 8), ReportChannel.Online, "370811"),
            four.Opened(At(11, 19, 8)),
            four.Assigned(At(11, 19, 8), closeBy: At(12, 19, 8)),

            five.Received(At(11, 10, 9), ReportChannel.Visit, "370883"),
            five.Opened(At(11, 10, 9)),
            five.Assigned(At(11, 10, 9), closeBy: At(12, 10, 9)),
            five.Concluded(At(11, 18, 11), "partly substantiated"),

            // Panel scores: A and B in the departments group, scored in October, the week before and twice in this week
            // (the later session counts); C among law enforcement, scored this week only.
            Ranked(October, UnitA, "departments", 4, 8, 80.00, At(10, 20, 16)),
            Ranked(WeekBefore, UnitA, "departments", 3, 8, 82.40, At(11, 12, 10)),
            Ranked(WeekBefore, UnitB, "departments", 1, 8, 90.10, At(11, 12, 10)),
            Ranked(Wednesday, UnitA, "departments", 2, 8, 85.50, At(11, 18, 15)),
            Ranked(Friday, UnitA, "departments", 2, 8, 86.25, At(11, 20, 16)),
            Ranked(Friday, UnitB, "departments", 3, 8, 84.00, At(11, 20, 16)),
            Ranked(Thursday, UnitC, "law-enforcement", 5, 6, 79.50, At(11, 19, 9)),
        ];
    }

    private static readonly Guid October = Guid.NewGuid(), WeekBefore = Guid.NewGuid(), Wednesday = Guid.NewGuid(), Friday = Guid.NewGuid(),
        Thursday = Guid.NewGuid();

    /// <summary>A unit's place when a scoring session closed, as evaluation publishes it.</summary>
    private static UnitRanked Ranked(Guid session, string unitId, string group, int place, int rankedUnits, double score, DateTimeOffset closedAt) => new()
    {
        SessionId = session, SheetId = group + "-2026", Group = group, UnitId = unitId, Rank = place, RankedUnits = rankedUnits, Score = score,
        Scores = 7, ClosedAt = closedAt,
    };
}

/// <summary>A test on its own database holding <see cref="HandCountedWeek"/>'s events.</summary>
public abstract class HandCountedWeekTest(TestServers servers) : IAsyncLifetime
{
    internal ReportingDatabase Db { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        await Db.RecordAllAsync(HandCountedWeek.Events());
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
