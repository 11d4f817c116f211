using System.Globalization;
using Supervision.DevTokens;
using Supervision.Platform;

namespace Supervision.Benchmarks;

/// <summary>
/// <c>ramp [--from R] [--step R] [--step-duration S] [--max R] [--target-p99 MS]</c> and
/// <c>overload [--rate 2x|R] [--capacity R] [--duration S] [--deadline S]</c>, then the usual --intake/--routing options.
/// </summary>
public sealed record CapacityOptions(string Mode, CapacityBenchmark.Ramp Ramp, double? RateMultiple, double? Rate, double? Capacity,
    int Duration, TimeSpan Deadline)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] Own = ["--from", "--step", "--step-duration", "--max", "--target-p99", "--rate", "--capacity", "--duration", "--deadline"];

    public const string Usage =
        "usage: ./run.sh bench ramp [--from 50] [--step 50] [--step-duration 20] [--max 2000] [--target-p99 1000] [--intake URL] [--routing URL]\n"
        + "       ./run.sh bench overload [--rate 2x|PER_SECOND] [--capacity PER_SECOND] [--duration 60] [--deadline 30] [--intake URL] [--routing URL]\n"
        + "       (overload --rate 2x without --capacity runs the ramp first to measure the capacity)";

    public static CapacityOptions? Parse(string mode, string[] args, TextWriter error)
    {
        double from = 50, step = 50, max = 2000, target = 1000;
        int stepSeconds = 20, duration = 60, deadline = (int)AssignmentPhase.ReportTimeout.TotalSeconds;
        double? multiple = 2, rate = null, capacity = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (!Own.Contains(args[i]))
            {
                continue;
            }
            if (i + 1 >= args.Length)
            {
                error.WriteLine($"{args[i]} needs a value.\n{Usage}");
                return null;
            }
            var (name, value) = (args[i], args[++i]);
            var multipleOfCapacity = name == "--rate" && value.EndsWith('x');
            var ok = name switch
            {
                "--from" => Positive(value, out from),
                "--step" => Positive(value, out step),
                "--max" => Positive(value, out max),
                "--target-p99" => Positive(value, out target),
                "--step-duration" => int.TryParse(value, out stepSeconds) && stepSeconds > 0,
                "--duration" => int.TryParse(value, out duration) && duration > 0,
                "--deadline" => int.TryParse(value, out deadline) && deadline > 0,
                "--capacity" => Positive(value, out var c),
                "--rate" => Positive(multipleOfCapacity ? value[..^1] : value, out _),
                _ => false,
            };
            if (!ok)
            {
                error.WriteLine($"Bad option {name} {value}.\n{Usage}");
                return null;
            }
            var number = double.Parse(multipleOfCapacity ? value[..^1] : value, Invariant);
            if (name == "--capacity")
            {
                capacity = number;
            }
            else if (name == "--rate")
            {
                multiple = multipleOfCapacity ? number : null;
                rate = multipleOfCapacity ? null : number;
            }
        }
        return new CapacityOptions(mode, new CapacityBenchmark.Ramp(from, step, max, stepSeconds, target), multiple, rate, capacity,
            duration, TimeSpan.FromSeconds(deadline));
    }

    /// <summary>The arguments that are not the capacity modes' own, for <see cref="Options.Parse"/>.</summary>
    public static string[] Rest(string[] args)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (Own.Contains(args[i]) && i + 1 < args.Length)
            {
                i++;
                continue;
            }
            rest.Add(args[i]);
        }
        return [.. rest];
    }

    public static async Task<int> RunAsync(CapacityOptions capacity, Options options, ResultTable table, CancellationToken ct)
    {
        var token = DevelopmentTokens.Mint(DevelopmentSettings.SigningKey(), "benchmark", [Roles.IntakeClerk], "370800", TimeSpan.FromHours(1));
        var supervisor = DevelopmentTokens.Mint(DevelopmentSettings.SigningKey(), "benchmark", [Roles.OversightOfficer], "370800", TimeSpan.FromHours(1));
        using var intake = new IntakeLoad(options.Intake, token);
        using var cases = new CaseWatcher(options.Routing, supervisor);
        if (await cases.ProbeAsync(ct) is { } refused)
        {
            Console.Error.WriteLine($"routing at {options.Routing} does not answer GetCaseByReport ({refused.StatusCode}: {refused.Detail}); is ./run.sh running?");
            return 1;
        }
        Console.Error.WriteLine("warm-up: 50 submissions");
        if ((await intake.RunAsync("warm-up", 50, options.Concurrency, ct)).Succeeded == 0)
        {
            Console.Error.WriteLine($"Intake at {options.Intake} accepted none of the warm-up submissions; is ./run.sh running?");
            return 1;
        }
        var benchmark = new CapacityBenchmark(intake, new AssignmentPhase(intake, cases, options, table), Console.Out);
        if (capacity.Mode == "ramp")
        {
            return await benchmark.RampAsync(capacity.Ramp, ct) > 0 ? 0 : 1;
        }
        var rate = capacity.Rate;
        if (rate is null)
        {
            var measured = capacity.Capacity ?? await benchmark.RampAsync(capacity.Ramp, ct);
            if (measured <= 0)
            {
                Console.Error.WriteLine("No ramp step held: there is no capacity to offer a multiple of; give --rate PER_SECOND.");
                return 1;
            }
            rate = measured * capacity.RateMultiple!.Value;
            Console.Out.WriteLine();
            Console.Out.WriteLine(string.Create(Invariant, $"capacity {measured}/s × {capacity.RateMultiple} = {rate}/s offered"));
        }
        await benchmark.OverloadAsync(rate.Value, capacity.Duration, capacity.Deadline, ct);
        return 0;
    }

    private static bool Positive(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, Invariant, out number) && double.IsFinite(number) && number > 0;
}
