using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>Runs <c>count</c> operations with exactly <c>concurrency</c> of them in flight, and times the whole run.</summary>
public static class LoadRunner
{
    public static async Task<TimeSpan> RunAsync(int count, int concurrency, Func<int, CancellationToken, ValueTask> operation,
        CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, operation);
        return Stopwatch.GetElapsedTime(started);
    }
}
