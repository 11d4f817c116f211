using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;

namespace Supervision.Inspection.Domain;

/// <summary>
/// Inspection's own work on the dashboard. Counters count what this instance did (after it committed); gauges read the
/// state from the database, so both instances report the same city-wide figures (read at most every 15 seconds).
/// </summary>
public sealed class InspectionMetrics : IDisposable
{
    public const string MeterName = "Supervision.Inspection";
    private static readonly TimeSpan SnapshotAge = TimeSpan.FromSeconds(15);

    private readonly Meter _meter;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly Counter<long> _findings;
    private readonly Counter<long> _workRecords;
    private readonly Counter<long> _assessments;
    private readonly Counter<long> _recommendations;
    private readonly Lock _gate = new();
    private (DateTimeOffset At, Snapshot Value)? _snapshot;

    /// <summary>The figures the gauges show, as the database holds them.</summary>
    public sealed record Snapshot(long ToursActive, long RectificationOverdue, long Exclusions, long MidTourRecusals);

    public InspectionMetrics(IMeterFactory meters, NpgsqlDataSource dataSource, TimeProvider time)
    {
        _meter = meters.Create(MeterName);
        _dataSource = dataSource;
        _time = time;
        _findings = _meter.CreateCounter<long>("supervision.inspection.findings_recorded", description: "Findings recorded by tours, by severity");
        _workRecords = _meter.CreateCounter<long>("supervision.inspection.work_records", description: "Work records of tours (talks, interviews, visits), by kind");
        _assessments = _meter.CreateCounter<long>("supervision.inspection.assessments", description: "Assessments of leadership teams and cadres, by grade");
        _recommendations = _meter.CreateCounter<long>("supervision.inspection.recommendations", description: "Recommendations made and followed up, by kind and state");
        _meter.CreateObservableGauge("supervision.inspection.tours_active", () => Current().ToursActive,
            description: "Tours whose team is formed and that are not closed");
        _meter.CreateObservableGauge("supervision.inspection.rectification_overdue", () => Current().RectificationOverdue,
            description: "Rectification items past their deadline and not verified");
        _meter.CreateObservableGauge("supervision.inspection.exclusions", () => Current().Exclusions,
            description: "Inspectors excluded from tours by computed recusal (refused teams and mid-tour)");
        _meter.CreateObservableGauge("supervision.inspection.mid_tour_recusals", () => Current().MidTourRecusals,
            description: "Team members recused mid-tour");
    }

    public void FindingRecorded(string severity) => _findings.Add(1, new KeyValuePair<string, object?>("severity", severity));

    public void WorkRecorded(string kind) => _workRecords.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void AssessmentRecorded(string grade) => _assessments.Add(1, new KeyValuePair<string, object?>("grade", grade));

    public void Recommendation(string kind, string state) => _recommendations.Add(1, new KeyValuePair<string, object?>("kind", kind),
        new KeyValuePair<string, object?>("state", state));

    /// <summary>The gauges' figures, read again when older than 15 seconds.</summary>
    public Snapshot Current()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_snapshot is { } kept && now - kept.At < SnapshotAge)
            {
                return kept.Value;
            }
            using var connection = _dataSource.OpenConnection();
            var value = connection.QuerySingle<Snapshot>(
                """
                select (select count(*) from tours where state = 'team-formed') as ToursActive,
                       (select count(*) from rectification_items where overdue and state <> 'verified') as RectificationOverdue,
                       (select count(*) from recusal_exclusions) as Exclusions,
                       (select count(*) from tour_members where recused_at is not null) as MidTourRecusals
                """);
            _snapshot = (now, value);
            return value;
        }
    }

    public void Dispose() => _meter.Dispose();
}
