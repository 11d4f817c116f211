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

    private void Row(PhaseResult r) => output.WriteLine(string.Create(Invariant,
        $"| {r.Phase} | {r.Succeeded} | {r.Failed} | {r.PerSecond:F1} | {r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {r.Max:F1} |"));

    private void Failures(PhaseResult r) => output.WriteLine(r.Failures.Count == 0
        ? $"failures, {r.Phase}: none"
        : $"failures, {r.Phase}: {string.Join(", ", r.Failures.Select(f => $"{f.Key}={f.Value}"))}");
}
