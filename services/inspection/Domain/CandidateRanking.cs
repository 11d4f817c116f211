using Supervision.Reference;

namespace Supervision.Inspection.Domain;

/// <summary>A report as inspection's projection knows it: where it points, and what became of its case.</summary>
public sealed record ReportFacts(IReadOnlyList<string> DivisionCodes, IReadOnlyList<string> UnitIds, bool Substantiated, bool Late);

/// <summary>An election period of a division (from intake's events).</summary>
public sealed record ElectionFacts(string DivisionCode, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>The numbers behind a candidate, stored with a chosen tour and worded when read.</summary>
public sealed record CandidateFacts
{
    public int WindowMonths { get; init; }
    public int Reports { get; init; }
    public int CityMedian { get; init; }
    public int Substantiated { get; init; }
    public int Late { get; init; }
    /// <summary>yyyy-MM of the next election period, when one is due.</summary>
    public string? ElectionDue { get; init; }
    public double Score { get; init; }
}

public sealed record RankedCandidate(TourTarget Target, CandidateFacts Facts);

/// <summary>
/// Ranks tour targets from the data: report volume, substantiated and late cases per target over the rules' window,
/// and leadership elections due soon. The weights are the rules'; the reasons are the same numbers in words.
/// </summary>
public sealed class CandidateRanking(InspectionRules rules, CityDirectory directory)
{
    public IReadOnlyList<TourTarget> TargetsOf(string kind) => kind switch
    {
        TargetKinds.Division => directory.Divisions.Where(d => d.Level == "county")
            .Select(d => TourTarget.Find(directory, kind, d.Code)!).ToList(),
        TargetKinds.Department => directory.Units.Where(u => u.DivisionCode == directory.CityCode && u.Kind == "department")
            .Select(u => TourTarget.Find(directory, kind, u.Id)!).ToList(),
        _ => [],
    };

    public IReadOnlyList<RankedCandidate> Rank(string kind, IReadOnlyList<ReportFacts> reports, IReadOnlyList<ElectionFacts> elections,
        DateTimeOffset now)
    {
        var targets = TargetsOf(kind);
        var counted = targets.Select(t => (Target: t, Reports: reports.Where(r => Concerns(t, r)).ToList())).ToList();
        var median = Median(counted.Select(c => c.Reports.Count).ToList());
        var weights = rules.Candidates.Weights;
        return counted.Select(c =>
            {
                var due = ElectionDue(c.Target, elections, now);
                var substantiated = c.Reports.Count(r => r.Substantiated);
                var late = c.Reports.Count(r => r.Late);
                var score = weights.Report * c.Reports.Count + weights.Substantiated * substantiated + weights.Late * late
                            + (due is null ? 0 : weights.ElectionDue);
                return new RankedCandidate(c.Target, new CandidateFacts
                {
                    WindowMonths = rules.Candidates.WindowMonths, Reports = c.Reports.Count, CityMedian = median,
                    Substantiated = substantiated, Late = late, ElectionDue = due, Score = score,
                });
            })
            .OrderByDescending(c => c.Facts.Score).ThenBy(c => c.Target.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The facts of one target, ranked among its kind (for a chosen unit, which is not ranked, the city median is 0).</summary>
    public CandidateFacts FactsOf(TourTarget target, IReadOnlyList<ReportFacts> reports, IReadOnlyList<ElectionFacts> elections, DateTimeOffset now)
    {
        if (Rank(target.Kind, reports, elections, now).FirstOrDefault(c => c.Target.Id == target.Id) is { } ranked)
        {
            return ranked.Facts;
        }
        var concerning = reports.Where(r => Concerns(target, r)).ToList();
        return new CandidateFacts
        {
            WindowMonths = rules.Candidates.WindowMonths, Reports = concerning.Count, Substantiated = concerning.Count(r => r.Substantiated),
            Late = concerning.Count(r => r.Late), ElectionDue = ElectionDue(target, elections, now),
        };
    }

    private bool Concerns(TourTarget target, ReportFacts report) => target.Kind == TargetKinds.Division
        ? report.DivisionCodes.Any(code => directory.Covers(target.DivisionCode, code))
        : report.UnitIds.Any(unit => target.Includes(directory, unit));

    /// <summary>The month of the earliest election period over the target's division that has not ended and starts within the rules' horizon.</summary>
    private string? ElectionDue(TourTarget target, IReadOnlyList<ElectionFacts> elections, DateTimeOffset now) => elections
        .Where(e => directory.Covers(e.DivisionCode, target.DivisionCode) && e.EndsAt >= now
                    && e.StartsAt <= now.AddMonths(rules.Candidates.ElectionWithinMonths))
        .OrderBy(e => e.StartsAt)
        .Select(e => e.StartsAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM"))
        .FirstOrDefault();

    private static int Median(IReadOnlyList<int> counts)
    {
        if (counts.Count == 0)
        {
            return 0;
        }
        var sorted = counts.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
