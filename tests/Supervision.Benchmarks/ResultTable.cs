using System.Globalization;
using System.Runtime.InteropServices;

namespace Supervision.Benchmarks;

/// <summary>Plain-text results laid out as a Markdown table, to paste into a README as is.</summary>
public sealed class ResultTable(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Header(Options options)
    {
        output.WriteLine("Supervision intake benchmark");
        output.WriteLine($"machine:    {Environment.ProcessorCount} processors, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        output.WriteLine($"parameters: reports={options.Reports} concurrency={options.Concurrency} intake={options.Intake} postgres={options.PostgresServer}");
        output.WriteLine();
    }

    public void Results(PhaseResult intake, PhaseResult ceiling)
    {
        output.WriteLine("| phase | ok | failed | per second | p50 ms | p95 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Row(intake);
        Row(ceiling);
        output.WriteLine();
        Failures(intake);
        Failures(ceiling);
        var ratio = ceiling.PerSecond > 0 ? intake.PerSecond / ceiling.PerSecond : 0;
        output.WriteLine(string.Create(Invariant,
            $"intake throughput / ceiling: {ratio:P1} ({intake.PerSecond:F1} / {ceiling.PerSecond:F1} per second)"));
    }

    public void Assignment(Options options, AssignmentResult result)
    {
        AssignmentParameters(options);
        output.WriteLine("| phase | submitted | submits per second | assigned | awaiting dispatch | timeouts | failed | p50 ms | p95 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var r = result.Assigned;
        output.WriteLine(string.Create(Invariant,
            $"| {r.Phase} | {result.Submitted} | {result.SubmitsPerSecond:F1} | {r.Succeeded} | {result.AwaitingDispatch} | {result.TimedOut} | {r.Failed} | {r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {r.Max:F1} |"));
        output.WriteLine();
        Failures(r);
        output.WriteLine(string.Create(Invariant,
            $"{r.Phase}: from just before SubmitReport to the first GetCaseByReport that shows the case assigned (a lead unit);"
            + $" polling every {CaseWatcher.PollInterval.TotalMilliseconds:F0} ms adds up to ~{CaseWatcher.PollInterval.TotalMilliseconds:F0} ms to each value."));
    }

    public void AssignmentSkipped(Options options, string reason)
    {
        AssignmentParameters(options);
        output.WriteLine($"{AssignmentPhase.Name}: skipped, {reason}");
    }

    private void AssignmentParameters(Options o)
    {
        output.WriteLine();
        output.WriteLine(string.Create(Invariant,
            $"parameters: rate={o.Rate}/s duration={o.Duration}s routing={o.Routing} poll={CaseWatcher.PollInterval.TotalMilliseconds:F0}ms timeout={AssignmentPhase.ReportTimeout.TotalSeconds:F0}s"));
        output.WriteLine();
    }

    private void Row(PhaseResult r) => output.WriteLine(string.Create(Invariant,
        $"| {r.Phase} | {r.Succeeded} | {r.Failed} | {r.PerSecond:F1} | {r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {r.Max:F1} |"));

    private void Failures(PhaseResult r) => output.WriteLine(r.Failures.Count == 0
        ? $"failures, {r.Phase}: none"
        : $"failures, {r.Phase}: {string.Join(", ", r.Failures.Select(f => $"{f.Key}={f.Value}"))}");
}
