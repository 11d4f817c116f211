namespace Supervision.Evaluation.Domain.Scoring;

/// <summary>One member's weighted score of one unit on a sheet's scale.</summary>
public sealed record UnitScore(string UnitId, int PanelNumber, double Score);

/// <summary>A unit's place: its trimmed mean, the median and count that break ties, and its rank (1 is best).</summary>
public sealed record RankedUnit(string UnitId, int Rank, double TrimmedMean, double Median, int Scores);

/// <summary>How far a member's scores lie from the panel's: mean absolute distance to each unit's trimmed mean.</summary>
public sealed record ScorerConsistency(int PanelNumber, int Units, double MeanDistance);

/// <summary>
/// Robust aggregation: a unit's score is the mean after dropping the highest and lowest share of its scores (the
/// trimmed share of the rules, rounded down, from each end), so a few extreme scorers cannot move it. Ties rank by the
/// median, then by the number of scores, then by unit id, so every ranking is total and the same on every instance.
/// </summary>
public static class Aggregation
{
    public static double TrimmedMean(IReadOnlyList<double> scores, double trimmedShare)
    {
        var sorted = scores.Order().ToList();
        var cut = (int)Math.Floor(sorted.Count * trimmedShare);
        return sorted.Skip(cut).Take(sorted.Count - 2 * cut).Average();
    }

    public static double Median(IReadOnlyList<double> scores)
    {
        var sorted = scores.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Units with at least <paramref name="minimumScores"/> scores, best first.</summary>
    public static IReadOnlyList<RankedUnit> Rank(IEnumerable<UnitScore> scores, double trimmedShare, int minimumScores)
    {
        var ordered = scores.GroupBy(s => s.UnitId)
            .Where(g => g.Count() >= minimumScores)
            .Select(g =>
            {
                var values = g.Select(s => s.Score).ToList();
                return (UnitId: g.Key, Trimmed: Math.Round(TrimmedMean(values, trimmedShare), 4), Median: Median(values), Count: values.Count);
            })
            .OrderByDescending(u => u.Trimmed).ThenByDescending(u => u.Median).ThenByDescending(u => u.Count)
            .ThenBy(u => u.UnitId, StringComparer.Ordinal)
            .ToList();
        return ordered.Select((u, i) => new RankedUnit(u.UnitId, i + 1, u.Trimmed, u.Median, u.Count)).ToList();
    }

    public static IReadOnlyList<ScorerConsistency> Consistency(IReadOnlyList<UnitScore> scores, IReadOnlyList<RankedUnit> ranking)
    {
        var panel = ranking.ToDictionary(r => r.UnitId, r => r.TrimmedMean);
        return scores.Where(s => panel.ContainsKey(s.UnitId)).GroupBy(s => s.PanelNumber)
            .Select(g => new ScorerConsistency(g.Key, g.Count(), Math.Round(g.Average(s => Math.Abs(s.Score - panel[s.UnitId])), 4)))
            .OrderByDescending(c => c.MeanDistance).ThenBy(c => c.PanelNumber)
            .ToList();
    }
}
