using Supervision.Benchmarks;
using Supervision.DevTokens;
using Supervision.Platform;

// Modes: "draw" times the draw algorithm alone, "bulletin" the monthly bulletin over a generated data set, "ranking" the
// live ranking's score-to-watcher delay, "ramp" and "overload" measure capacity (CapacityOptions); anything else is the
// intake benchmark's options.
if (args.FirstOrDefault() == "draw")
{
    return DrawBenchmark.Run(args[1..], Console.Out, Console.Error);
}
if (args.FirstOrDefault() is "bulletin" or "ranking")
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    return args[0] == "bulletin"
        ? await BulletinBenchmark.RunAsync(args[1..], Console.Out, Console.Error, stop.Token)
        : await RankingBenchmark.RunAsync(args[1..], Console.Out, Console.Error, stop.Token);
}

var mode = args.FirstOrDefault() is "ramp" or "overload" ? args[0] : null;
var capacityOptions = mode is null ? null : CapacityOptions.Parse(mode, args[1..], Console.Error);
if (mode is not null && capacityOptions is null)
{
    return 2;
}
if (Options.Parse(mode is null ? args : CapacityOptions.Rest(args[1..]), Console.Error) is not { } options)
{
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var ct = cancellation.Token;

var table = new ResultTable(Console.Out);
table.Header(options);
if (mode is not null)
{
    return await CapacityOptions.RunAsync(capacityOptions!, options, table, ct);
}

// Progress goes to stderr so stdout stays the pasteable result.
var token = DevelopmentTokens.Mint(DevelopmentSettings.SigningKey(), "benchmark", [Roles.IntakeClerk], "370800", TimeSpan.FromHours(1));
using var intake = new IntakeLoad(options.Intake, token);
Console.Error.WriteLine("warm-up: 50 submissions");
var warmUp = await intake.RunAsync("warm-up", 50, options.Concurrency, ct);
if (warmUp.Succeeded == 0)
{
    Console.Error.WriteLine($"Intake at {options.Intake} accepted none of the warm-up submissions ({string.Join(", ", warmUp.Failures.Select(f => $"{f.Key}={f.Value}"))}); is ./run.sh running?");
    return 1;
}

Console.Error.WriteLine($"intake: {options.Reports} submissions at concurrency {options.Concurrency}");
var submitted = await intake.RunAsync("intake SubmitReport (gRPC)", options.Reports, options.Concurrency, ct);

Console.Error.WriteLine($"ceiling: {options.Reports} inserts into {PostgresCeiling.Database} at concurrency {options.Concurrency}");
var ceiling = await new PostgresCeiling(options.Postgres).RunAsync(options.Reports, options.Concurrency, ct);

table.Results(submitted, ceiling);

var assigned = true;
if (options.SkipRouting)
{
    Console.Error.WriteLine($"{AssignmentPhase.Name}: skipped (--skip-routing)");
}
else
{
    // GetCaseByReport serves staff within their jurisdiction: an oversight officer of the city sees every case.
    var supervisor = DevelopmentTokens.Mint(DevelopmentSettings.SigningKey(), "benchmark", [Roles.OversightOfficer], "370800", TimeSpan.FromHours(1));
    using var cases = new CaseWatcher(options.Routing, supervisor);
    assigned = await new AssignmentPhase(intake, cases, options, table).RunAsync(ct);
}
return submitted.Failed == 0 && ceiling.Failed == 0 && assigned ? 0 : 1;
