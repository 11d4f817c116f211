using System.Globalization;
using System.Diagnostics;
using Grpc.Core;

namespace Supervision.Benchmarks;

/// <summary>
/// The capacity modes, both open-loop and both measuring submit → case assigned:
/// <c>ramp</c> offers a rising rate in steps and reports the highest step that held p99 ≤ the target with every report
/// accepted and placed; <c>overload</c> offers a multiple of that capacity (or a given rate) and counts what intake
/// accepted, what it refused and how fast, what was assigned within the deadline, and how reads fared meanwhile.
/// </summary>
public sealed class CapacityBenchmark(IntakeLoad intake, AssignmentPhase phase, TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    // Receipt lookups are limited per caller address (60 a minute by default): one every 2 s stays under it.
    private static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(2);

    /// <summary>Ramp options: rates <c>From, From + Step, …</c> up to <c>Max</c>, each held for <c>StepSeconds</c>.</summary>
    public sealed record Ramp(double From, double Step, double Max, int StepSeconds, double TargetP99Milliseconds);

    /// <summary>The highest rate that held, 0 if none did.</summary>
    public async Task<double> RampAsync(Ramp ramp, CancellationToken ct)
    {
        output.WriteLine(string.Create(Invariant,
            $"ramp: from {ramp.From}/s in steps of {ramp.Step}/s up to {ramp.Max}/s, {ramp.StepSeconds} s each; a step holds when every report is accepted and placed and submit → assigned p99 ≤ {ramp.TargetP99Milliseconds:F0} ms at ≥ 90 % of the offered rate"));
        output.WriteLine();
        output.WriteLine("| offered per second | submitted | submits per second | assigned | awaiting dispatch | timeouts | failed | p50 ms | p99 ms | holds |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var held = 0.0;
        for (var rate = ramp.From; rate <= ramp.Max && !ct.IsCancellationRequested; rate += ramp.Step)
        {
            Console.Error.WriteLine(string.Create(Invariant, $"ramp step: {rate}/s for {ramp.StepSeconds} s"));
            var result = await OfferAsync(rate, ramp.StepSeconds, AssignmentPhase.ReportTimeout, ct);
            var r = result.Assigned;
            var holds = result.Clean && r.Failed == 0 && result.Submitted > 0 && r.P99 <= ramp.TargetP99Milliseconds
                        && result.SubmitsPerSecond >= 0.9 * rate;
            output.WriteLine(string.Create(Invariant,
                $"| {rate:F0} | {result.Submitted} | {result.SubmitsPerSecond:F1} | {r.Succeeded} | {result.AwaitingDispatch} | {result.TimedOut} | {r.Failed} | {r.P50:F1} | {r.P99:F1} | {(holds ? "yes" : "no")} |"));
            if (!holds)
            {
                if (r.Failures.Count > 0)
                {
                    output.WriteLine($"failures at {rate.ToString(Invariant)}/s: {string.Join(", ", r.Failures.Select(f => $"{f.Key}={f.Value}"))}");
                }
                break;
            }
            held = rate;
        }
        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"highest sustained rate with submit → assigned p99 ≤ {ramp.TargetP99Milliseconds:F0} ms: {held}/s"));
        return held;
    }

    /// <summary>Offers <paramref name="rate"/> for <paramref name="seconds"/> and reads a report's status all along.</summary>
    public async Task OverloadAsync(double rate, int seconds, TimeSpan deadline, CancellationToken ct)
    {
        Console.Error.WriteLine(string.Create(Invariant, $"overload: {rate}/s for {seconds} s"));
        var reference = await intake.SubmitAsync(intake.NextReport(), ct);
        using var stopReads = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reads = ReadAlongAsync(reference.ReceiptCode, stopReads.Token);
        var result = await OfferAsync(rate, seconds, deadline, ct);
        await stopReads.CancelAsync();
        var readResult = await reads;

        var r = result.Assigned;
        var refused = r.Failures.Where(f => f.Key.StartsWith("SubmitReport ", StringComparison.Ordinal)).ToList();
        var offered = result.Submitted + refused.Sum(f => f.Value);
        output.WriteLine(string.Create(Invariant,
            $"overload: {rate:F0}/s offered for {seconds} s; deadline for an accepted report to be assigned: {deadline.TotalSeconds:F0} s"));
        output.WriteLine();
        output.WriteLine("| measure | value |");
        output.WriteLine("|---|---:|");
        output.WriteLine($"| offered | {offered} |");
        output.WriteLine(string.Create(Invariant, $"| accepted | {result.Submitted} ({result.SubmitsPerSecond:F1} per second) |"));
        foreach (var (status, count) in refused)
        {
            output.WriteLine($"| refused, {status["SubmitReport ".Length..]} | {count} |");
        }
        output.WriteLine(string.Create(Invariant, $"| refusal answered within, p50 / p99 ms | {result.Refusals.P50:F1} / {result.Refusals.P99:F1} |"));
        output.WriteLine($"| accepted and assigned within the deadline | {r.Succeeded} |");
        output.WriteLine($"| accepted and awaiting a dispatcher (placed) | {result.AwaitingDispatch} |");
        output.WriteLine($"| accepted, not placed within the deadline | {result.TimedOut} |");
        output.WriteLine(string.Create(Invariant, $"| submit → assigned of the accepted, p50 / p99 ms | {r.P50:F1} / {r.P99:F1} |"));
        foreach (var (kind, count) in r.Failures.Where(f => !f.Key.StartsWith("SubmitReport ", StringComparison.Ordinal)))
        {
            output.WriteLine($"| reads failed, {kind} | {count} |");
        }
        output.WriteLine(string.Create(Invariant,
            $"| intake GetReportStatus every {ReadInterval.TotalMilliseconds:F0} ms: answered / failed, p99 ms | {readResult.Succeeded} / {readResult.Failed}, {readResult.P99:F1} |"));
        if (readResult.Failures.Count > 0)
        {
            output.WriteLine($"read failures: {string.Join(", ", readResult.Failures.Select(f => $"{f.Key}={f.Value}"))}");
        }
    }

    private async Task<AssignmentResult> OfferAsync(double rate, int seconds, TimeSpan deadline, CancellationToken ct)
    {
        var tally = new AssignmentTally();
        var count = Math.Max(1, (int)Math.Round(rate * seconds));
        var watches = new List<Task>(count);
        await foreach (var _ in new RateSchedule(rate, count).DueAsync(ct))
        {
            watches.Add(phase.TrackAsync(tally, deadline, ct));
        }
        await Task.WhenAll(watches);
        return tally.Summarize(AssignmentPhase.Name);
    }

    private async Task<PhaseResult> ReadAlongAsync(string receiptCode, CancellationToken ct)
    {
        var recorder = new LatencyRecorder();
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(ReadInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await intake.ReadStatusAsync(receiptCode, ct);
                    recorder.Succeeded(started);
                }
                catch (RpcException e)
                {
                    recorder.Failed(e.StatusCode.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return recorder.Summarize("intake GetReportStatus", clock.Elapsed);
    }
}
