using Npgsql;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Visits;

namespace Supervision.Evaluation.Domain.Scoring;

/// <summary>A closed session's final place of one of its subjects.</summary>
public sealed record SessionResult(Guid SessionId, string SheetId, string UnitId, int Rank, double Score);

/// <summary>A unit's score for the year in one annual group, its rank there (1 is best) and how many sessions fed it.</summary>
public sealed record AnnualUnitScore(string Group, string UnitId, int Rank, int RankedUnits, double Score, int Sessions);

/// <summary>
/// The annual assessment (年度考核) from the panel's results (rules data, scoringRules.annualAssessment): a group's score of a
/// unit is the weighted mean, over the group's sheets in which the unit was ranked that year, of its mean score in that
/// sheet's sessions closed in the city's calendar year; the weights of sheets without a result for the unit drop out. Units
/// rank within the group by score, then by unit id.
/// </summary>
public sealed class AnnualAssessment(NpgsqlDataSource dataSource, ScoringRules rules)
{
    public async Task<IReadOnlyList<AnnualUnitScore>> ForYearAsync(int year, CancellationToken ct)
    {
        var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, VisitRules.CityOffset);
        var sheets = rules.AnnualAssessment.SelectMany(g => g.Sources).Select(s => s.Sheet).Distinct().ToList();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return Compute(rules.AnnualAssessment, await ScoringStore.ResultsClosedBetweenAsync(transaction, sheets, from, from.AddYears(1), ct));
    }

    public static IReadOnlyList<AnnualUnitScore> Compute(IReadOnlyList<AnnualGroup> groups, IReadOnlyList<SessionResult> results)
    {
        var scores = new List<AnnualUnitScore>();
        foreach (var group in groups)
        {
            var weights = group.Sources.ToDictionary(s => s.Sheet, s => s.Weight);
            var units = results.Where(r => weights.ContainsKey(r.SheetId)).GroupBy(r => r.UnitId)
                .Select(unit =>
                {
                    var bySheet = unit.GroupBy(r => r.SheetId).Select(s => (Weight: weights[s.Key], Mean: s.Average(r => r.Score))).ToList();
                    var score = Math.Round(bySheet.Sum(s => s.Weight * s.Mean) / bySheet.Sum(s => s.Weight), 2);
                    return (UnitId: unit.Key, Score: score, Sessions: unit.Select(r => r.SessionId).Distinct().Count());
                })
                .OrderByDescending(u => u.Score).ThenBy(u => u.UnitId, StringComparer.Ordinal)
                .ToList();
            scores.AddRange(units.Select((u, i) => new AnnualUnitScore(group.Group, u.UnitId, i + 1, units.Count, u.Score, u.Sessions)));
        }
        return scores;
    }
}
