using System.Diagnostics;
using System.Globalization;
using Grpc.Core;

namespace Supervision.Benchmarks;

/// <summary>
/// Phase 4: reports submitted at a sustained rate, each watched from just before its SubmitReport call
/// until the first GetCaseByReport that shows routing has assigned its case.
/// </summary>
public sealed class AssignmentPhase(IntakeLoad intake, CaseWatcher cases, Options options, ResultTable table)
{
    public const string Name = "submit → case assigned";
    public static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(30);
    // Longer than a report's timeout: the warm-up report also queues behind everything the earlier phases sent routing.
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(120);

    /// <summary>False if a report failed or timed out, or routing answered but never placed the warm-up report.</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        if (await cases.ProbeAsync(ct) is { } refused)
        {
            Skip($"{Unanswered(refused)} (--skip-routing skips this phase)");
            return true;
        }

        Console.Error.WriteLine("routing warm-up: 1 submission, waiting until routing has placed it and any backlog of the earlier phases");
        var warmUp = new AssignmentTally();
        await TrackAsync(warmUp, WarmUpTimeout, ct);
        if (warmUp.Summarize("warm-up") is { Placed: false } stuck)
        {
            var failures = string.Join(", ", stuck.Assigned.Failures.Select(f => $"{f.Key}={f.Value}"));
            Skip(string.Create(CultureInfo.InvariantCulture,
                $"routing did not place a warm-up report within {WarmUpTimeout.TotalSeconds:F0} s ({(failures.Length > 0 ? failures : "timed out")})"));
            return false;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"routing: {options.AssignmentReports} submissions at {options.Rate}/s for {options.Duration} s, each polled until its case is assigned"));
        var tally = new AssignmentTally();
        var watches = new List<Task>(options.AssignmentReports);
        await foreach (var _ in new RateSchedule(options.Rate, options.AssignmentReports).DueAsync(ct))
        {
            watches.Add(TrackAsync(tally, ReportTimeout, ct));
        }
        await Task.WhenAll(watches);

        var result = tally.Summarize(Name);
        table.Assignment(options, result);
        return result.Clean;
    }

    /// <summary>Submits one report and watches it until its case is placed or <paramref name="timeout"/> passes.</summary>
    public async Task TrackAsync(AssignmentTally tally, TimeSpan timeout, CancellationToken ct)
    {
        var request = intake.NextReport();
        var started = Stopwatch.GetTimestamp();
        var deadline = DateTime.UtcNow + timeout;
        string reportId;
        try
        {
            reportId = (await intake.SubmitAsync(request, ct)).ReportId;
            tally.Accepted();
        }
        catch (RpcException e)
        {
            if (e.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable)
            {
                tally.Refused(started);
            }
            tally.Failed($"SubmitReport {e.StatusCode}");
            return;
        }
        try
        {
            tally.Placed(await cases.WaitAsync(reportId, deadline, ct), started);
        }
        catch (RpcException e)
        {
            tally.Failed($"GetCaseByReport {e.StatusCode}");
        }
    }

    private string Unanswered(Status status) => status.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded =>
            $"routing at {options.Routing} does not answer ({status.StatusCode}: {status.Detail}); is ./run.sh running?",
        StatusCode.Unimplemented =>
            $"routing at {options.Routing} does not implement CaseHandling.GetCaseByReport; the running platform was built before it: restart ./run.sh",
        _ => $"routing at {options.Routing} refused GetCaseByReport ({status.StatusCode}: {status.Detail})",
    };

    private void Skip(string reason)
    {
        Console.Error.WriteLine($"{Name}: skipped, {reason}");
        table.AssignmentSkipped(options, reason);
    }
}
