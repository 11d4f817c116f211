using Supervision.Benchmarks;

namespace Supervision.Reporting.Tests;

/// <summary>The shape of the bulletin benchmark's generated data set (the benchmark itself runs only by hand).</summary>
public sealed class BulletinDataSetTests
{
    private static readonly DateOnly October = new(2026, 10, 1);
    private static readonly DateTime AsOf = new(2026, 11, 5, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Should_spread_every_case_over_the_directory_s_counties_so_the_counties_sum_to_the_total()
    {
        var cases = new BulletinDataSet(TestData.Directory, October, AsOf, seed: 7).Cases(20_000).ToList();

        var perCounty = cases.GroupBy(c => c.CountyCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(20_000, perCounty.Values.Sum());
        Assert.All(cases, c => Assert.Equal(BulletinDataSet.CountyOf(TestData.Directory, TestData.Directory.FindUnit(c.UnitId)!.DivisionCode), c.CountyCode));
        // The city and its eleven county-level divisions all have cases.
        Assert.Equal(12, perCounty.Count);
        Assert.Equal(20_000, cases.Select(c => c.CaseId).Distinct().Count());
    }

    [Fact]
    public void Should_give_the_same_cases_for_the_same_seed_and_others_for_another()
    {
        var first = new BulletinDataSet(TestData.Directory, October, AsOf, seed: 7).Cases(500).ToList();
        var again = new BulletinDataSet(TestData.Directory, October, AsOf, seed: 7).Cases(500).ToList();
        var other = new BulletinDataSet(TestData.Directory, October, AsOf, seed: 8).Cases(500).ToList();

        Assert.Equal(first.Select(Shape), again.Select(Shape));
        Assert.NotEqual(first.Select(Shape), other.Select(Shape));
    }

    [Fact]
    public void Should_cover_thirteen_months_with_late_and_on_time_handling_and_nothing_after_the_as_of()
    {
        var cases = new BulletinDataSet(TestData.Directory, October, AsOf, seed: 3).Cases(20_000).ToList();

        var from = new DateTime(2025, 9, 30, 16, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc);
        Assert.All(cases, c => Assert.InRange(c.ReceivedAt, from, to));
        Assert.Equal(BulletinDataSet.Months, cases.Select(c => (c.ReceivedAt.AddHours(8).Year, c.ReceivedAt.AddHours(8).Month)).Distinct().Count());
        Assert.All(cases.SelectMany(c => new[] { c.AcknowledgedAt, c.ConcludedAt, c.FeedbackAt, c.DisputedAt, c.ClosedAt }), at => Assert.True(at is null || at <= AsOf));
        // Some of everything the bulletin counts: election cases, transfers, late and on-time acknowledgements, outcomes, disputes, missed deadlines.
        Assert.InRange(cases.Count(c => c.Election), 1_000, 2_400);
        Assert.InRange(cases.Count(c => c.FormerUnitId is not null), 600, 1_400);
        Assert.Contains(cases, c => c.AcknowledgedAt > c.AcknowledgeBy);
        Assert.Contains(cases, c => c.AcknowledgedAt <= c.AcknowledgeBy);
        Assert.Contains(cases, c => c.Outcome == "substantiated");
        Assert.Contains(cases, c => c.Outcome == "partly substantiated");
        Assert.Contains(cases, c => c.DisputedAt is not null && c.RealNameFeedback);
        Assert.Contains(cases, c => c.Missed(AsOf).Any(m => m.Deadline == "feedback"));
        Assert.Equal(8, cases.Select(c => c.Channel).Distinct().Count());
    }

    private static string Shape(GeneratedCase c) => $"{c.CaseId} {c.UnitId} {c.ReceivedAt:O} {c.AcknowledgedAt:O} {c.ConcludedAt:O} {c.Outcome}";
}
