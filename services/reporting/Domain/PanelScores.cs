using Npgsql;
using Supervision.Reporting.Data;

namespace Supervision.Reporting.Domain;

/// <summary>A unit's latest panel score in the period beside the previous period's; the change when it has both.</summary>
public sealed record UnitPanel(string UnitId, PanelScore? Current, PanelScore? Previous)
{
    public double? Change => Current is { } current && Previous is { } previous ? PanelScores.Round((decimal)current.Score - (decimal)previous.Score) : null;
}

/// <summary>
/// A county's panel scores: the mean of its units' latest scores in the period, to two decimals, beside the previous
/// period's; the change is the difference of the two means as shown.
/// </summary>
public sealed record CountyPanel(string DivisionCode, int UnitsScored, double? Mean, int PreviousUnitsScored, double? PreviousMean)
{
    public double? Change => Mean is { } mean && PreviousMean is { } previous ? PanelScores.Round((decimal)mean - (decimal)previous) : null;
}

/// <summary>The panel scores (评议得分) of a bulletin: per unit (staff edition) and per county (both editions).</summary>
public sealed record PanelScoreTable(IReadOnlyList<UnitPanel> Units, IReadOnlyList<CountyPanel> Counties);

/// <summary>
/// Panel scores come from evaluation's closed scoring sessions: a unit scored more than once in the period shows its latest
/// score and place; units are ordered by that score (best first), those scored only in the previous period last.
/// </summary>
public static class PanelScores
{
    public static async Task<PanelScoreTable> MakeAsync(NpgsqlTransaction transaction, IndicatorCalculator calculator, string divisionCode,
        DateTimeOffset previousFrom, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var current = (await PanelScoreQueries.LatestAsync(transaction, from, to, ct)).Where(s => calculator.CountyOfUnit(divisionCode, s.UnitId) is not null)
            .ToDictionary(s => s.UnitId);
        var previous = (await PanelScoreQueries.LatestAsync(transaction, previousFrom, from, ct))
            .Where(s => calculator.CountyOfUnit(divisionCode, s.UnitId) is not null).ToDictionary(s => s.UnitId);
        var units = current.Keys.Union(previous.Keys)
            .Select(id => new UnitPanel(id, current.GetValueOrDefault(id), previous.GetValueOrDefault(id)))
            .OrderByDescending(r => r.Current?.Score ?? -1).ThenBy(r => r.UnitId, StringComparer.Ordinal)
            .ToList();
        var counties = units.GroupBy(r => calculator.CountyOfUnit(divisionCode, r.UnitId)!)
            .Select(county => new CountyPanel(county.Key,
                county.Count(r => r.Current is not null), Mean(county.Select(r => r.Current)),
                county.Count(r => r.Previous is not null), Mean(county.Select(r => r.Previous))))
            .OrderByDescending(c => c.Mean ?? -1).ThenBy(c => c.DivisionCode, StringComparer.Ordinal)
            .ToList();
        return new PanelScoreTable(units, counties);
    }

    /// <summary>Two decimals, half away from zero, computed in decimal so 85.125 shows as 85.13.</summary>
    public static double Round(decimal value) => (double)Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static double? Mean(IEnumerable<PanelScore?> scores)
    {
        var values = scores.OfType<PanelScore>().Select(s => (decimal)s.Score).ToList();
        return values.Count == 0 ? null : Round(values.Sum() / values.Count);
    }
}
