using System.Collections.Concurrent;
using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>Latencies of the successful calls of one phase, and failures counted by kind.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _milliseconds = [];
    private readonly ConcurrentDictionary<string, int> _failures = new();

    public void Succeeded(long startedTimestamp)
    {
        var milliseconds = Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
        lock (_gate)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    public void Failed(string kind) => _failures.AddOrUpdate(kind, 1, (_, count) => count + 1);

    public PhaseResult Summarize(string phase, TimeSpan elapsed)
    {
        lock (_gate)
        {
            var sorted = _milliseconds.Order().ToArray();
            return new PhaseResult(phase, sorted.Length, elapsed,
                Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted.LastOrDefault(),
                new SortedDictionary<string, int>(_failures));
        }
    }

    // Nearest rank: the reported value is one that was actually measured.
    private static double Percentile(double[] sorted, int percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
}

public sealed record PhaseResult(string Phase, int Succeeded, TimeSpan Elapsed, double P50, double P95, double P99, double Max,
    IReadOnlyDictionary<string, int> Failures)
{
    public int Failed => Failures.Values.Sum();
    public double PerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;
}
