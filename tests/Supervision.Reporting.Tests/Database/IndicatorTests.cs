using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

namespace Supervision.Reporting.Tests.Database;

/// <summary>The indicators of a week against figures counted by hand (<see cref="HandCountedWeek"/>), on a real PostgreSQL.</summary>
public sealed class IndicatorTests(TestServers servers) : HandCountedWeekTest(servers)
{
    [Fact]
    public async Task Should_count_each_unit_as_counted_by_hand()
    {
        var week = await WeekAsync("370800");
        var a = week.Units.Single(u => u.UnitId == UnitA);
        Assert.Equal(new UnitCounts
        {
            UnitId = UnitA, ReportsReceived = 2, CasesOpened = 2, ElectionCases = 2,
            AcknowledgementsDue = 2, AcknowledgedOnTime = 1,
            ClosingsDue = 3, ClosedOnTime = 2,
            FeedbackDue = 1, FeedbackOnTime = 1,
            Concluded = 2, Substantiated = 2, RealNameFeedback = 1, Disputed = 1,
            Escalations = 1, DeadlinesMissed = 1,
        }, a);
        Assert.Equal(new UnitCounts
        {
            UnitId = UnitB, ReportsReceived = 1, CasesOpened = 1, ClosingsDue = 1, ClosedOnTime = 1, FeedbackDue = 1, FeedbackOnTime = 1, Concluded = 1,
        }, week.Units.Single(u => u.UnitId == UnitB));
        Assert.Equal(new UnitCounts { UnitId = UnitC, ReportsReceived = 1, CasesOpened = 1 }, week.Units.Single(u => u.UnitId == UnitC));
        Assert.Equal(3, week.Units.Count);
    }

    [Fact]
    public async Task Should_sum_a_townships_units_into_its_county_and_the_counties_into_the_total()
    {
        var week = await WeekAsync("370800");
        var zoucheng = week.Counties.Single(c => c.UnitId == "370883");
        Assert.Equal((3, 3, 2), (zoucheng.ReportsReceived, zoucheng.CasesOpened, zoucheng.ElectionCases));
        Assert.Equal((1, 2), (zoucheng.AcknowledgedOnTime, zoucheng.AcknowledgementsDue));
        Assert.Equal((3, 4), (zoucheng.ClosedOnTime, zoucheng.ClosingsDue));
        Assert.Equal((2, 2), (zoucheng.FeedbackOnTime, zoucheng.FeedbackDue));
        Assert.Equal((2, 3), (zoucheng.Substantiated, zoucheng.Concluded));
        Assert.Equal((1, 1), (zoucheng.Disputed, zoucheng.RealNameFeedback));
        Assert.Equal(1, week.Counties.Single(c => c.UnitId == "370811").CasesOpened);
        // Every county-level division and the city have a row, with nothing or something.
        Assert.Equal(12, week.Counties.Count);
        Assert.Equal(4, week.Total.CasesOpened);
        Assert.Equal(4, week.Total.ClosingsDue);

        // Received by channel and receiving division: the report received the week before is not in this week.
        Assert.Equal([(1, "370811", 1), (2, "370883", 2), (3, "370883001", 1)], week.Received.Select(r => ((int)r.Channel, r.DivisionCode, r.Reports)));
        Assert.Equal(4, week.Received.Sum(r => r.Reports));
    }

    [Fact]
    public async Task Should_count_only_the_units_within_the_division_asked_for()
    {
        var zoucheng = await WeekAsync("370883");
        Assert.Equal([UnitA, UnitB], zoucheng.Units.Select(u => u.UnitId).Order());
        Assert.Equal("370883", Assert.Single(zoucheng.Counties).UnitId);
        var township = await WeekAsync("370883001");
        Assert.Equal(UnitB, Assert.Single(township.Units).UnitId);
        Assert.Equal(1, township.Total.CasesOpened);
    }

    [Fact]
    public async Task Should_judge_a_deadline_not_yet_passed_in_a_later_period()
    {
        // Read on Friday 20 November at noon: case two's closing (due Sunday) is neither met nor missed yet.
        var friday = await Db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory)
            .ComputeAsync(t, "370800", From, To, CaseEvents.At(11, 20, 12), CancellationToken.None));
        var a = friday.Units.Single(u => u.UnitId == UnitA);
        Assert.Equal((2, 2), (a.ClosedOnTime, a.ClosingsDue));
        Assert.Equal(0, a.Escalations);
        Assert.Equal(0, a.Disputed);
    }

    private Task<IndicatorSet> WeekAsync(string division) =>
        Db.InTransactionAsync(t => new IndicatorCalculator(TestData.Directory).ComputeAsync(t, division, From, To, To.AddDays(30), CancellationToken.None));
}
