using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Supervision.Benchmarks;

/// <summary>
/// An open-loop schedule: operation i is due at i / rate seconds after the start, whether or not the earlier
/// ones have finished, so a slow server meets the same arrival rate instead of slowing the load down.
/// </summary>
public sealed class RateSchedule(double perSecond, int count)
{
    private static readonly TimeSpan MinimumTick = TimeSpan.FromMilliseconds(1);

    /// <summary>Yields each operation's index as it comes due.</summary>
    public async IAsyncEnumerable<int> DueAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // Ticking four times per interval keeps each release within a quarter interval of its due time; a tick that
        // comes late releases everything then due (a token bucket), so timer jitter never lowers the rate.
        var tick = TimeSpan.FromSeconds(1 / perSecond / 4);
        using var timer = new PeriodicTimer(tick > MinimumTick ? tick : MinimumTick);
        var started = Stopwatch.GetTimestamp();
        var released = 0;
        while (true)
        {
            var due = (int)Math.Min(count, Math.Floor(Stopwatch.GetElapsedTime(started).TotalSeconds * perSecond) + 1);
            while (released < due)
            {
                yield return released++;
            }
            if (released == count)
            {
                yield break;
            }
            await timer.WaitForNextTickAsync(ct);
        }
    }
}
