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
        Assert.Equal(["last-place", "key-supervision-target", "cause-analysis"], Rules.Consequences.Select(c => c.Id));
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
}
