using Supervision.Evaluation.Domain.Scoring;

namespace Supervision.Evaluation.Tests;

/// <summary>Robust aggregation, the tie rule, scorer consistency and the consequence rules.</summary>
public sealed class ScoringTests
{
    private static readonly ScoringRules Rules = ScoringRules.Load(TestData.FindFile("data/evaluation/scoring.json"));

    [Fact]
    public void Should_load_sheets_whose_weights_add_up_and_the_three_consequence_rules()
    {
        Assert.Empty(Rules.Problems());
        Assert.Equal(["last-place", "key-supervision-target", "cause-analysis"],
            Rules.Consequences.Where(c => c.Subjects == ScoringSubjects.Units).Select(c => c.Id));
        Assert.Equal(["merit-citation", "warning-bulletin"], Rules.Consequences.Where(c => c.Subjects == ScoringSubjects.MiddleLevelCadres).Select(c => c.Id));
        Assert.All(Rules.Sheets, s => Assert.Equal(1.0, s.Criteria.Sum(c => c.Weight), 9));
    }

    [Fact]
    public void Should_drop_the_extreme_tenth_at_each_end_so_one_hostile_scorer_cannot_sink_a_unit()
    {
        double[] scores = [80, 82, 84, 86, 88, 90, 92, 94, 96, 0];
        // The hostile 0 and the highest 96 are dropped: 87, where the plain mean would be 79.2.
        Assert.Equal(87.0, Aggregation.TrimmedMean(scores, 0.1), 9);
        Assert.Equal(79.2, scores.Average(), 9);
        Assert.Equal(89.0, Aggregation.TrimmedMean(scores.Take(9).Append(100).ToList(), 0.1), 9);
        // Fewer than ten scores: nothing is dropped.
        Assert.Equal(50.0, Aggregation.TrimmedMean([0, 100, 50], 0.1), 9);
    }

    [Fact]
    public void Should_rank_best_first_and_break_ties_by_median_then_count_then_unit_id()
    {
        var scores = new List<UnitScore>();
        void Add(string unit, params double[] values) => scores.AddRange(values.Select((v, i) => new UnitScore(unit, i + 1, v)));
        Add("u-a", 70, 80, 90);        // mean 80, median 80
        Add("u-b", 60, 90, 90);        // mean 80, median 90: ahead of u-a
        Add("u-c", 80, 80, 80, 80);    // mean 80, median 80, four scores: ahead of u-a
        Add("u-d", 80, 80, 80);        // identical to u-a but for the id: after it
        Add("u-e", 95, 95);            // too few scores to rank
        var ranking = Aggregation.Rank(scores, 0.1, 3);
        Assert.Equal(["u-b", "u-c", "u-a", "u-d"], ranking.Select(r => r.UnitId));
        Assert.Equal([1, 2, 3, 4], ranking.Select(r => r.Rank));
    }

    [Fact]
    public void Should_show_the_scorer_who_stands_apart_from_the_panel_first()
    {
        var scores = new List<UnitScore>();
        foreach (var unit in new[] { "u-a", "u-b", "u-c" })
        {
            for (var member = 1; member <= 9; member++)
            {
                scores.Add(new UnitScore(unit, member, 80 + member % 3));
            }
            scores.Add(new UnitScore(unit, 10, 5));
        }
        var ranking = Aggregation.Rank(scores, 0.1, 3);
        var consistency = Aggregation.Consistency(scores, ranking);
        Assert.Equal(10, consistency[0].PanelNumber);
        Assert.True(consistency[0].MeanDistance > 70);
        Assert.All(consistency.Skip(1), c => Assert.True(c.MeanDistance < 2));
    }

    [Fact]
    public void Should_apply_last_place_to_one_bottom_three_to_three_and_cause_analysis_below_the_threshold()
    {
        var ranking = Enumerable.Range(1, 6).Select(i => new RankedUnit($"u-{i}", i, 100 - 8 * i, 0, 5)).ToList();
        // Scores 92, 84, 76, 68, 60, 52.
        var applied = Rules.Consequences.ToDictionary(c => c.Id, c => c.AppliesTo(ranking).Select(r => r.UnitId).ToList());
        Assert.Equal(["u-6"], applied["last-place"]);
        Assert.Equal(["u-4", "u-5", "u-6"], applied["key-supervision-target"]);
        Assert.Equal(["u-4", "u-5", "u-6"], applied["cause-analysis"]);
        // Two ranked units: the bottom three are both, the last only the second.
        var two = ranking.Take(2).ToList();
        Assert.Equal(["u-1", "u-2"], Rules.Consequences.Single(c => c.Id == "key-supervision-target").AppliesTo(two).Select(r => r.UnitId));
        Assert.Equal(["u-2"], Rules.Consequences.Single(c => c.Id == "last-place").AppliesTo(two).Select(r => r.UnitId));
    }

    [Fact]
    public void Should_cite_the_top_ten_and_warn_the_bottom_ten_cadres_with_a_full_tie_at_the_boundary_sharing_it()
    {
        var sheet = Rules.FindSheet("middle-level-cadres-2026")!;
        Assert.True(sheet.ScoresCadres);
        Assert.Equal(["merit-citation", "warning-bulletin"], Rules.ConsequencesFor(sheet).Select(c => c.Id));
        Assert.DoesNotContain(Rules.ConsequencesFor(Rules.FindSheet("departments-2026")!), c => c.Subjects != ScoringSubjects.Units);
        // 30 cadres, scores 99, 98, ... 70; the 10th and 11th tie fully (same mean, median and count), as do the 20th and 21st:
        // both lists take the one the unit-id rule alone kept out.
        var ranking = Enumerable.Range(1, 30).Select(i => new RankedUnit($"c-{i:00}", i, 100 - i, 100 - i, 7)).ToList();
        ranking[10] = ranking[10] with { TrimmedMean = 90, Median = 90 };
        ranking[19] = ranking[19] with { TrimmedMean = 80, Median = 80 };
        ranking[20] = ranking[20] with { TrimmedMean = 80, Median = 80 };
        var merit = Rules.Consequences.Single(c => c.Id == "merit-citation");
        var warning = Rules.Consequences.Single(c => c.Id == "warning-bulletin");
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"c-{i:00}"), merit.AppliesTo(ranking).Select(r => r.UnitId));
        Assert.Equal(Enumerable.Range(20, 11).Select(i => $"c-{i:00}"), warning.AppliesTo(ranking).Select(r => r.UnitId));
        // Tied on the mean and median but not the count: the tie rule has told them apart, and ten it is.
        ranking[10] = ranking[10] with { Scores = 6 };
        Assert.Equal(10, merit.AppliesTo(ranking).Count());
        // The unit rules keep their strict counts.
        Assert.Equal(3, Rules.Consequences.Single(c => c.Id == "key-supervision-target").AppliesTo(ranking).Count());
    }

    [Fact]
    public void Should_weigh_a_units_sessions_of_the_year_per_group_and_rank_within_the_group()
    {
        var departments = Guid.NewGuid();
        var lawEnforcement = Guid.NewGuid();
        var laterDepartments = Guid.NewGuid();
        SessionResult[] results =
        [
            new(departments, "departments-2026", "u-a", 1, 90), new(departments, "departments-2026", "u-b", 2, 80),
            new(laterDepartments, "departments-2026", "u-a", 2, 70), new(laterDepartments, "departments-2026", "u-b", 1, 85),
            new(lawEnforcement, "law-enforcement-2026", "u-a", 2, 60), new(lawEnforcement, "law-enforcement-2026", "u-c", 1, 95),
            new(Guid.NewGuid(), "middle-level-cadres-2026", "c-0005", 1, 99),
        ];
        var annual = AnnualAssessment.Compute(Rules.AnnualAssessment, results);
        var byGroup = annual.GroupBy(r => r.Group).ToDictionary(g => g.Key, g => g.ToList());
        // departments: u-a 0.7·80 + 0.3·60 = 74; u-b 82.5 (no law-enforcement result: its weight drops out); u-c 95.
        Assert.Equal(["u-c", "u-b", "u-a"], byGroup["departments"].Select(r => r.UnitId));
        Assert.Equal([95.0, 82.5, 74.0], byGroup["departments"].Select(r => r.Score));
        Assert.Equal([1, 2, 3], byGroup["departments"].Select(r => r.Rank));
        Assert.Equal([1, 2, 3], byGroup["departments"].Select(r => r.Sessions));
        Assert.Equal(["u-c", "u-a"], byGroup["law-enforcement"].Select(r => r.UnitId));
        Assert.All(byGroup["law-enforcement"], r => Assert.Equal(2, r.RankedUnits));
        Assert.DoesNotContain(annual, r => r.UnitId.StartsWith("c-"));
    }

    [Fact]
    public void Should_refuse_rules_with_an_unknown_subject_or_an_annual_source_that_is_not_a_sheet_of_units()
    {
        var broken = Rules with
        {
            Consequences = [.. Rules.Consequences, new ConsequenceRule { Id = "odd", Rule = "top", Count = 0, Subjects = "villages" }],
            AnnualAssessment = [new AnnualGroup("cadres", [new AnnualSource("middle-level-cadres-2026", 1)]), new AnnualGroup("cadres", [])],
        };
        var problems = broken.Problems();
        Assert.Contains(problems, p => p.Contains("unknown subjects 'villages'"));
        Assert.Contains(problems, p => p.Contains("odd: count must be at least 1"));
        Assert.Contains(problems, p => p.Contains("middle-level-cadres-2026 is not a sheet that scores units"));
        Assert.Contains(problems, p => p.Contains("annual cadres: at least one source"));
        Assert.Contains(problems, p => p.Contains("annual groups must be distinct"));
    }

    [Fact]
    public void Should_word_every_consequence_rule_and_annual_group_in_both_languages()
    {
        var keys = Rules.Consequences.Select(c => "consequence." + c.Id).Concat(Rules.AnnualAssessment.Select(g => "annual.group." + g.Group));
        Assert.All(keys, key =>
        {
            Assert.True(Localization.EvaluationTexts.Words.Has(key), key);
            Assert.NotEqual(Localization.EvaluationTexts.Words.In(new System.Globalization.CultureInfo("zh-Hans"), key),
                Localization.EvaluationTexts.Words.In(new System.Globalization.CultureInfo("en"), key));
        });
    }
}
