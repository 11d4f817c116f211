using System.Globalization;
using Supervision.Inspection.Domain;
using static Supervision.Inspection.Tests.TestData;

namespace Supervision.Inspection.Tests;

/// <summary>Candidates ranked from report volume, substantiation, lateness and elections, with the same numbers in words.</summary>
public sealed class CandidateRankingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static ReportFacts Report(string division, bool substantiated = false, bool late = false) =>
        new([division], [], substantiated, late);

    [Fact]
    public void Should_rank_by_the_weighted_numbers_with_the_city_median()
    {
        var reports = Enumerable.Range(0, 9).Select(i => Report("370883", substantiated: i < 3, late: i < 1))
            .Concat(Enumerable.Range(0, 4).Select(_ => Report("370881")))
            .Append(Report("370830"))
            .ToList();
        var ranked = new CandidateRanking(Rules, City).Rank(TargetKinds.Division, reports, [], Now);
        Assert.Equal(11, ranked.Count);
        Assert.Equal(["370883", "370881", "370830"], ranked.Take(3).Select(c => c.Target.Id));
        var first = ranked[0].Facts;
        Assert.Equal((9, 3, 1, 0), (first.Reports, first.Substantiated, first.Late, first.CityMedian));
        Assert.Equal(9 * Rules.Candidates.Weights.Report + 3 * Rules.Candidates.Weights.Substantiated + Rules.Candidates.Weights.Late, first.Score);
    }

    [Fact]
    public void Should_count_a_township_report_for_its_county_and_raise_a_division_with_an_election_due()
    {
        var township = City.Divisions.First(d => d.ParentCode == "370830").Code;
        var elections = new[] { new ElectionFacts("370832", Now.AddMonths(4), Now.AddMonths(5)), new ElectionFacts("370831", Now.AddMonths(40), Now.AddMonths(41)) };
        var ranked = new CandidateRanking(Rules, City).Rank(TargetKinds.Division, [Report(township)], elections, Now);
        Assert.Equal("370832", ranked[0].Target.Id);
        Assert.Equal(Now.AddMonths(4).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture), ranked[0].Facts.ElectionDue);
        Assert.Equal("370830", ranked[1].Target.Id);
        Assert.Null(ranked.Single(c => c.Target.Id == "370831").Facts.ElectionDue);
    }

    [Fact]
    public void Should_word_the_reasons_from_the_same_numbers_in_chinese_and_english()
    {
        var facts = new CandidateFacts { WindowMonths = 6, Reports = 41, CityMedian = 12, Substantiated = 9, Late = 3, ElectionDue = "2027-03" };
        var wording = new InspectionWording(City);
        var target = Target(TargetKinds.Division, "370883");
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            Assert.Equal("邹城市：6个月内收到举报41件（全市中位数12件），查实9件，逾期办理3件；领导班子换届选举定于2027-03", wording.Candidate(target, facts));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal($"{City.FindDivision("370883")!.NameEn}: 41 reports in 6 months (city median 12), 9 substantiated, 3 handled late; leadership election due in 2027-03",
                wording.Candidate(target, facts));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
