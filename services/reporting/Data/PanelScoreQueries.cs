using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>A unit's final place in a closed scoring session: its panel's score (0 to 100) and its place in its group.</summary>
public sealed record PanelScore(string UnitId, string Group, double Score, int Place, int RankedUnits, DateTime ClosedAtUtc);

/// <summary>The panel scores behind the bulletins, from evaluation's <c>UnitRanked</c>.</summary>
public static class PanelScoreQueries
{
    /// <summary>Each unit's latest panel score among the sessions that closed in [from, to).</summary>
    public static Task<IReadOnlyList<PanelScore>> LatestAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        transaction.ListAsync<PanelScore>(
            """
            select distinct on (unit_id) unit_id as UnitId, group_name as "Group", score as Score, place as Place, ranked_units as RankedUnits,
                   closed_at as ClosedAtUtc
            from unit_rankings where closed_at >= @from and closed_at < @to
            order by unit_id, closed_at desc, session_id desc
            """, new { from = from.UtcDateTime, to = to.UtcDateTime }, ct);
}
