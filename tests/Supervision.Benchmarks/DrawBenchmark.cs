using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;

namespace Supervision.Benchmarks;

/// <summary>
/// <c>./run.sh bench draw [--draws N]</c>: the reveal's work for a stratified draw of 30 seats and 6 substitutes from a
/// 1,000-member roster (82% grassroots, eleven counties and the city), timed over many seeds: the roster hash, the key from seed, hash and
/// entropy, and <see cref="StratifiedDraw"/> itself, the code the service runs (compiled from the same files). No platform needed.
/// </summary>
public static class DrawBenchmark
{
    public const int DefaultDraws = 10_000;
    private const int Seats = 30;
    private const int Substitutes = 6;
    private const double GrassrootsShareMinimum = 0.8;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var draws = DefaultDraws;
        if (args.Length > 0 && !(args.Length == 2 && args[0] == "--draws" && int.TryParse(args[1], out draws) && draws > 0))
        {
            error.WriteLine("usage: ./run.sh bench draw [--draws N]");
            return 2;
        }
        var roster = Roster(1_000);
        var recorder = new LatencyRecorder();
        // Warm-up: the JIT's first compilations are not the draw's cost.
        for (var i = 0; i < 200; i++)
        {
            Draw(roster, i);
        }
        var started = Stopwatch.GetTimestamp();
        var grassrootsSeats = 0L;
        for (var i = 0; i < draws; i++)
        {
            var timestamp = Stopwatch.GetTimestamp();
            var outcome = Draw(roster, 1_000 + i);
            recorder.Succeeded(timestamp);
            grassrootsSeats += outcome.Selected.Count(n => roster[n - 1].Grassroots);
        }
        var result = recorder.Summarize($"stratified draw of {Seats} (+{Substitutes}) from {roster.Count}", Stopwatch.GetElapsedTime(started));
        output.WriteLine("Supervision draw benchmark");
        output.WriteLine($"machine:    {Environment.ProcessorCount} processors, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        output.WriteLine($"parameters: draws={draws} seats={Seats} substitutes={Substitutes} roster={roster.Count} (82% grassroots, 11 counties and the city)");
        output.WriteLine();
        output.WriteLine("| phase | draws | per second | p50 ms | p95 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {result.Phase} | {result.Succeeded} | {result.PerSecond:F0} | {result.P50:F3} | {result.P95:F3} | {result.P99:F3} | {result.Max:F3} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grassroots seats per draw: {grassrootsSeats / (double)draws:F2} of {Seats}"));
        return 0;
    }

    private static DrawOutcome Draw(IReadOnlyList<RosterEntry> roster, int seedNumber)
    {
        var seed = SHA256.HashData(BitConverter.GetBytes(seedNumber));
        var key = DrawRoster.Key(seed, DrawRoster.Hash(roster), "benchmark entropy " + seedNumber);
        return StratifiedDraw.Run(roster, Seats, Substitutes, GrassrootsShareMinimum, new SeededRandom(key));
    }

    /// <summary>Panel numbers 1..n, 82% grassroots, spread over eleven counties and the city unevenly, the same on every run.</summary>
    private static List<RosterEntry> Roster(int size)
    {
        string[] counties = ["370811", "370812", "370826", "370827", "370828", "370829", "370830", "370831", "370832", "370881", "370883", "370800"];
        var random = SeededRandom.From("draw-benchmark-roster");
        return Enumerable.Range(1, size)
            .Select(n => new RosterEntry(n, random.NextUnit() < 0.82, counties[Math.Min(random.Below(counties.Length), random.Below(counties.Length))]))
            .ToList();
    }
}
