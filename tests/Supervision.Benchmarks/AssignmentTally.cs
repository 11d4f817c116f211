using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>What became of each report of a submit → case assigned run, safe to record from many watches at once.</summary>
public sealed class AssignmentTally
{
    private readonly LatencyRecorder _assigned = new();
    private readonly LatencyRecorder _refused = new();
    private readonly Lock _gate = new();
    private int _submitted;
    private int _awaitingDispatch;
    private int _timedOut;
    private long _firstAccepted;
    private long _lastAccepted;

    /// <summary>Intake accepted a submission: the achieved rate is measured between the first and the last acceptance.</summary>
    public void Accepted()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _firstAccepted = _submitted == 0 ? now : Math.Min(_firstAccepted, now);
            _lastAccepted = Math.Max(_lastAccepted, now);
            _submitted++;
        }
    }

    public void Placed(Placement placement, long submitStartedTimestamp)
    {
        switch (placement)
        {
            case Placement.Assigned:
                _assigned.Succeeded(submitStartedTimestamp);
                break;
            case Placement.AwaitingDispatch:
                Interlocked.Increment(ref _awaitingDispatch);
                break;
            case Placement.TimedOut:
                Interlocked.Increment(ref _timedOut);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(placement), placement, null);
        }
    }

    public void Failed(string kind) => _assigned.Failed(kind);

    /// <summary>Intake refused a submission for want of capacity (RESOURCE_EXHAUSTED or UNAVAILABLE): how fast it said so.</summary>
    public void Refused(long submitStartedTimestamp) => _refused.Succeeded(submitStartedTimestamp);

    public AssignmentResult Summarize(string phase)
    {
        lock (_gate)
        {
            var span = _submitted > 1 ? Stopwatch.GetElapsedTime(_firstAccepted, _lastAccepted) : TimeSpan.Zero;
            // n acceptances span n - 1 intervals.
            var perSecond = span > TimeSpan.Zero ? (_submitted - 1) / span.TotalSeconds : 0;
            return new AssignmentResult(_assigned.Summarize(phase, span), _submitted, perSecond,
                Volatile.Read(ref _awaitingDispatch), Volatile.Read(ref _timedOut), _refused.Summarize("refusals", span));
        }
    }
}

/// <summary>Submit → case assigned: latencies of the assigned reports, and how many ended otherwise.</summary>
/// <remarks><see cref="Refusals"/> times the capacity refusals, from the call to the refusal.</remarks>
public sealed record AssignmentResult(PhaseResult Assigned, int Submitted, double SubmitsPerSecond, int AwaitingDispatch, int TimedOut,
    PhaseResult Refusals)
{
    public bool Placed => Assigned.Succeeded + AwaitingDispatch > 0;
    public bool Clean => Assigned.Failed == 0 && TimedOut == 0;
}
