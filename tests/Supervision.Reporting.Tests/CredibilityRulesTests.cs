using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.Reporting.Localization;

namespace Supervision.Reporting.Tests;

/// <summary>
/// The credibility of cadre selection (选人用人公信度): the seed's "84.36, 4th in the province, up 13 places in two years" as a
/// trend, targets met or missed, the score rules, and the dimensions and demo files as the service loads them.
/// </summary>
public sealed class CredibilityRulesTests
{
    private static readonly CredibilityDimensions Dimensions = CredibilityDimensions.Load(TestData.Find("data/reporting"));

    [Fact]
    public void Should_compute_the_seeds_trend_from_17th_through_9th_to_4th()
    {
        var trend = CredibilityRules.Trend(new CredibilityStanding(84.36m, 4), new CredibilityStanding(80.05m, 9), new CredibilityStanding(76.18m, 17));
        Assert.Equal((4.31m, 5, 8.18m, 13), (trend.ScoreChangeFromPreviousYear, trend.PlacesGainedFromPreviousYear, trend.ScoreChangeOverTwoYears,
            trend.PlacesGainedOverTwoYears));
    }

    [Fact]
    public void Should_count_places_lost_as_negative_and_leave_unknown_years_and_ranks_empty()
    {
        var fell = CredibilityRules.Trend(new CredibilityStanding(79.5m, 8), new CredibilityStanding(81m, 3), null);
        Assert.Equal((-1.5m, -5), (fell.ScoreChangeFromPreviousYear, fell.PlacesGainedFromPreviousYear));
        Assert.Null(fell.TwoYearsEarlier);
        Assert.Null(fell.ScoreChangeOverTwoYears);
        Assert.Null(fell.PlacesGainedOverTwoYears);

        var unranked = CredibilityRules.Trend(new CredibilityStanding(82m, null), new CredibilityStanding(80m, 6), new CredibilityStanding(78m, null));
        Assert.Equal((2m, (int?)null, 4m, (int?)null), (unranked.ScoreChangeFromPreviousYear, unranked.PlacesGainedFromPreviousYear,
            unranked.ScoreChangeOverTwoYears, unranked.PlacesGainedOverTwoYears));
    }

    [Theory]
    [InlineData(84.36, 4, null, null, CredibilityRules.NoTarget)]
    [InlineData(84.36, 4, 83.00, 5, CredibilityRules.Met)]
    [InlineData(84.36, 4, 84.36, null, CredibilityRules.Met)]
    [InlineData(84.36, 4, 84.37, null, CredibilityRules.Missed)]
    [InlineData(84.36, 4, null, 3, CredibilityRules.Missed)]
    [InlineData(84.36, 4, 90.00, 5, CredibilityRules.Missed)]
    [InlineData(84.36, null, null, 5, CredibilityRules.Undetermined)]
    [InlineData(84.36, null, 90.00, 5, CredibilityRules.Missed)]
    public void Should_judge_a_year_against_its_target(double score, int? rank, double? targetScore, int? targetRank, string expected)
    {
        var target = targetScore is null && targetRank is null ? null : new CredibilityTargetValues((decimal?)targetScore, targetRank);
        Assert.Equal(expected, CredibilityRules.Judge(new CredibilityStanding((decimal)score, rank), target));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(100, null)]
    [InlineData(84.36, null)]
    [InlineData(84.3, null)]
    [InlineData(100.01, "field.credibility.score-range")]
    [InlineData(-0.01, "field.credibility.score-range")]
    [InlineData(84.365, "field.credibility.score-decimals")]
    [InlineData(0.001, "field.credibility.score-decimals")]
    public void Should_take_scores_from_0_to_100_with_at_most_two_decimals_as_the_caller_wrote_them(double sent, string? broken)
    {
        var score = CredibilityService.Decimal(sent);
        Assert.Equal(broken, CredibilityRules.ScoreProblems("score", score).SingleOrDefault()?.Key);
    }

    [Fact]
    public void Should_read_a_double_as_the_decimal_the_caller_wrote()
    {
        Assert.Equal(84.36m, CredibilityService.Decimal(84.36));
        Assert.Equal(0.1m, CredibilityService.Decimal(0.1));
        Assert.Equal(decimal.MaxValue, CredibilityService.Decimal(double.NaN));
        Assert.Equal("field.credibility.score-range", CredibilityRules.ScoreProblems("score", CredibilityService.Decimal(1e300)).Single().Key);
    }

    [Fact]
    public void Should_name_each_broken_rule_with_its_field()
    {
        var figures = new CredibilityFigures(84.36m, 0, 17, [
            new DimensionScore("openness", 84.1m), new DimensionScore("no-such-thing", 80m), new DimensionScore("openness", 83m),
            new DimensionScore("selection-orientation", 101m),
        ], "调查", "");
        var problems = CredibilityRules.Problems(figures, Dimensions).Select(p => (p.Field, p.Key)).ToList();
        Assert.Equal([
            ("provincial_rank", "field.credibility.rank"),
            ("dimension_scores[1].code", "field.credibility.unknown-dimension"),
            ("dimension_scores[2].code", "field.credibility.duplicate-dimension"),
            ("dimension_scores[3].score", "field.credibility.score-range"),
        ], problems);

        var beyond = CredibilityRules.Problems(figures with { ProvincialRank = 18, DimensionScores = [] }, Dimensions).Single();
        Assert.Equal(("provincial_rank", "field.credibility.rank-within-places"), (beyond.Field, beyond.Key));
        Assert.Empty(CredibilityRules.Problems(figures with { ProvincialRank = 17, DimensionScores = [] }, Dimensions));
        Assert.Empty(CredibilityRules.Problems(figures with { ProvincialRank = null, RankedPlaces = null, DimensionScores = [] }, Dimensions));
    }

    [Fact]
    public void Should_word_every_rule_and_refusal_in_both_languages()
    {
        string[] keys =
        [
            "field.credibility.score-range", "field.credibility.score-decimals", "field.credibility.rank", "field.credibility.rank-within-places",
            "field.credibility.unknown-dimension", "field.credibility.duplicate-dimension",
            .. new[] { CredibilityRules.NoTarget, CredibilityRules.Met, CredibilityRules.Missed, CredibilityRules.Undetermined }
                .Select(s => "credibility.target." + s),
        ];
        Assert.All(keys, key => Assert.True(ReportingTexts.Words.Has(key), key));
        Assert.Equal("must have at most 2 decimals (got 84.365)", Languages.In("en", () => ReportingTexts.Words["field.credibility.score-decimals", 84.365m]));
        Assert.Equal("最多保留两位小数（收到 84.365）", Languages.In("zh-Hans", () => ReportingTexts.Words["field.credibility.score-decimals", 84.365m]));
    }

    [Fact]
    public void Should_keep_dimensions_in_the_files_order()
    {
        Assert.Equal("overall-satisfaction", Dimensions.All[0].Code);
        Assert.Equal(6, Dimensions.All.Count);
        var ordered = CredibilityRules.Ordered(new CredibilityFigures(80m, null, null,
            [new DimensionScore("supervision-effective", 80m), new DimensionScore("overall-satisfaction", 81m)], "s", ""), Dimensions);
        Assert.Equal(["overall-satisfaction", "supervision-effective"], ordered.DimensionScores.Select(d => d.Code));
        Assert.True(ordered.SameAs(ordered with { DimensionScores = ordered.DimensionScores.ToList() }));
        Assert.False(ordered.SameAs(ordered with { Notes = "更正" }));
    }

    [Fact]
    public void Should_refuse_a_dimensions_file_that_contradicts_itself()
    {
        var folder = Directory.CreateTempSubdirectory("credibility-dimensions").FullName;
        File.WriteAllText(Path.Combine(folder, CredibilityDimensions.FileName),
            """{ "dimensions": [ { "code": "a", "name": "甲", "nameEn": "A" }, { "code": "a", "name": "乙", "nameEn": "B" }, { "code": "Bad Code", "name": "丙" } ] }""");
        var refused = Assert.Throws<InvalidOperationException>(() => CredibilityDimensions.Load(folder));
        Assert.Contains("codes must be distinct", refused.Message);
        Assert.Contains("'Bad Code': the code must be", refused.Message);
        Assert.Contains("name and nameEn are required", refused.Message);
    }

    [Fact]
    public void Should_load_the_seeds_figures_as_the_demo_citys_results()
    {
        var (results, targets) = CredibilityDemoLoader.Read(TestData.Find("data/demo-city/jining-credibility.json"), Dimensions, TestData.Directory);
        var byYear = results.Where(r => r.DivisionCode == "370800").ToDictionary(r => r.Year, r => r.Figures);
        Assert.Equal((84.36m, (int?)4), (byYear[2011].Score, byYear[2011].ProvincialRank));
        Assert.Equal(13, byYear[2009].ProvincialRank - byYear[2011].ProvincialRank);
        Assert.Equal(5, byYear[2010].ProvincialRank - byYear[2011].ProvincialRank);
        Assert.All(byYear.Values, f => Assert.Equal(Dimensions.All.Count, f.DimensionScores.Count));
        Assert.Contains(targets, t => t.Division == "370800" && t.Year == 2011);
    }
}
