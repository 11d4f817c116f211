using Npgsql;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;

namespace Supervision.Reporting.Domain;

public enum BulletinPeriodKind
{
    Weekly = 1,
    Monthly = 2,
}

/// <summary>A bulletin's period and the one before it, from local midnight to local midnight.</summary>
public sealed record BulletinPeriod(BulletinPeriodKind Kind, DateOnly Start, DateOnly End, DateOnly PreviousStart)
{
    /// <summary>A week from its Monday, or a month from its 1st; null when the date does not start one.</summary>
    public static BulletinPeriod? Starting(BulletinPeriodKind kind, DateOnly start) => kind switch
    {
        BulletinPeriodKind.Weekly when start.DayOfWeek == DayOfWeek.Monday => new(kind, start, start.AddDays(7), start.AddDays(-7)),
        BulletinPeriodKind.Monthly when start.Day == 1 => new(kind, start, start.AddMonths(1), start.AddMonths(-1)),
        _ => null,
    };
}

/// <summary>A unit or county in both periods, with its score and rank in each.</summary>
public sealed record RankedCounts(UnitCounts Current, UnitCounts Previous, double? Score, double? PreviousScore, int Rank, int PreviousRank);

/// <summary>The deadlines a unit missed in the period, by kind (as routing reported them overdue).</summary>
public sealed record MissedDeadlines(string UnitId, int Acknowledgements, int Closings, int Feedback, int Other)
{
    public int Total => Acknowledgements + Closings + Feedback + Other;
}

public sealed record BulletinFigures(
    BulletinPeriod Period,
    string DivisionCode,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset PreviousFrom,
    IndicatorSet Current,
    RankedCounts Total,
    IReadOnlyList<RankedCounts> Counties,
    IReadOnlyList<RankedCounts> Units,
    IReadOnlyList<MissedDeadlines> NamedForLateness,
    PanelScoreTable PanelScores);

/// <summary>
/// The weekly report (周报告) and monthly bulletin (月通报): the period's indicators beside the previous period's,
/// counties and units ranked by the mean of the on-time rates that apply to them, and the units that missed deadlines
/// named. Substantiation and dispute rates are shown but not ranked: neither is a merit or a fault of the handling unit.
/// </summary>
public sealed class Bulletins(IndicatorCalculator calculator, DispatchOptions options, TimeProvider time)
{
    public Task<BulletinFigures> MakeAsync(NpgsqlTransaction transaction, BulletinPeriod period, string divisionCode, CancellationToken ct) =>
        MakeAsync(transaction, null, period, divisionCode, ct);

    /// <summary>
    /// The figures; the previous period's on <paramref name="previousPeriod"/>, when given (a transaction on the same snapshot,
    /// <see cref="SharedSnapshot"/>), at the same time as the period's own on <paramref name="transaction"/>.
    /// </summary>
    public async Task<BulletinFigures> MakeAsync(NpgsqlTransaction transaction, NpgsqlTransaction? previousPeriod, BulletinPeriod period,
        string divisionCode, CancellationToken ct)
    {
        var (from, to, previousFrom) = (Local(period.Start), Local(period.End), Local(period.PreviousStart));
        var now = time.GetUtcNow();
        if (to > now)
        {
            throw new DomainRuleException(ReportingTexts.Words["bulletin.period-not-ended", period.Start.ToString("yyyy-MM-dd"),
                period.End.AddDays(-1).ToString("yyyy-MM-dd")]);
        }
        // The previous period's statements are independent of the period's own: on a second connection they run meanwhile.
        var previousTask = previousPeriod is null ? null : calculator.ComputeAsync(previousPeriod, divisionCode, previousFrom, from, now, ct, countEvents: false);
        IndicatorSet current;
        IReadOnlyList<MissedDeadlines> missed;
        PanelScoreTable panelScores;
        try
        {
            current = await calculator.ComputeAsync(transaction, divisionCode, from, to, now, ct, countEvents: false);
            missed = await IndicatorQueries.MissedByKindAsync(transaction, from, to, ct);
            panelScores = await PanelScores.MakeAsync(transaction, calculator, divisionCode, previousFrom, from, to, ct);
        }
        finally
        {
            // Never leave the second connection busy: its snapshot lives only as long as this transaction.
            if (previousTask is not null)
            {
                await Task.WhenAny(previousTask);
            }
        }
        var previous = previousTask is null
            ? await calculator.ComputeAsync(transaction, divisionCode, previousFrom, from, now, ct, countEvents: false)
            : await previousTask;
        var units = current.Units.Select(u => u.UnitId).ToHashSet();
        return new BulletinFigures(period, divisionCode, from, to, previousFrom, current,
            Rank([current.Total], [previous.Total]).Single(),
            Rank(current.Counties, previous.Counties),
            Rank(current.Units, previous.Units),
            missed.Where(m => units.Contains(m.UnitId) && m.Total > 0).OrderByDescending(m => m.Total).ThenBy(m => m.UnitId, StringComparer.Ordinal).ToList(),
            panelScores);
    }

    /// <summary>The mean of the on-time rates that apply, in percent to one decimal; null when nothing fell due.</summary>
    public static double? Score(UnitCounts counts)
    {
        var rates = new[]
            {
                (counts.AcknowledgedOnTime, counts.AcknowledgementsDue), (counts.ClosedOnTime, counts.ClosingsDue), (counts.FeedbackOnTime, counts.FeedbackDue),
                (counts.RectifiedOnTime, counts.RectificationsDue),
            }
            .Where(r => r.Item2 > 0).Select(r => 100.0 * r.Item1 / r.Item2).ToList();
        return rates.Count == 0 ? null : Math.Round(rates.Average(), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Best score first; equal scores share a rank (1, 1, 3); rows with no score are unranked (0) and come last.</summary>
    public static IReadOnlyList<RankedCounts> Rank(IReadOnlyList<UnitCounts> current, IReadOnlyList<UnitCounts> previous)
    {
        var ids = current.Select(c => c.UnitId).Union(previous.Select(p => p.UnitId)).ToList();
        var now = RanksOf(current);
        var before = RanksOf(previous);
        return ids
            .Select(id => new RankedCounts(
                current.FirstOrDefault(c => c.UnitId == id) ?? new UnitCounts { UnitId = id },
                previous.FirstOrDefault(p => p.UnitId == id) ?? new UnitCounts { UnitId = id },
                now.GetValueOrDefault(id).Score, before.GetValueOrDefault(id).Score, now.GetValueOrDefault(id).Rank, before.GetValueOrDefault(id).Rank))
            .OrderBy(r => r.Rank == 0 ? int.MaxValue : r.Rank).ThenBy(r => r.Current.UnitId, StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, (double? Score, int Rank)> RanksOf(IReadOnlyList<UnitCounts> rows)
    {
        var scored = rows.Select(r => (r.UnitId, Score: Score(r))).ToList();
        return scored.ToDictionary(s => s.UnitId, s => (s.Score, s.Score is { } score ? 1 + scored.Count(o => o.Score > score) : 0));
    }

    private DateTimeOffset Local(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), options.TimeZoneOffset);
}
