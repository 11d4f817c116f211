using System.Globalization;
using Supervision.Benchmarks;
using Supervision.DevTokens;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.Chaos.Tests;

/// <summary>
/// Nothing accepted is ever lost: reports submitted while RabbitMQ restarts, a routing instance is killed, PostgreSQL
/// restarts and an intake instance is killed each end as exactly one case, and every election timer fires once.
/// <c>./test.sh</c> runs the short version (1,000 reports, one fault of each kind); <c>./run.sh chaos</c> the full one
/// (10,000 reports, RabbitMQ restarted twice), with SUPERVISION_CHAOS=full.
/// </summary>
public sealed class FaultLedgerTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(
        int.TryParse(Environment.GetEnvironmentVariable("SUPERVISION_TEST_START_MINUTES"), out var minutes) && minutes > 0 ? minutes : 5);

    [Fact]
    public async Task Should_lose_duplicate_and_strand_nothing_through_broker_database_and_instance_faults()
    {
        var full = Environment.GetEnvironmentVariable("SUPERVISION_CHAOS") == "full";
        var reports = full ? 10_000 : 1_000;
        var rate = full ? 50.0 : 25.0;
        var progress = new ProgressWriter(TestContext.Current.TestOutputHelper);

        await using var platform = await ChaosPlatform.StartAsync(PortOffset() + 50, StartTimeout, progress);
        // PostgreSQL restarts last: the orchestrator keeps a restarted server's databases marked finished, so a service
        // instance started after it would wait for them forever. Every fault still falls within the submissions.
        List<Fault> faults =
        [
            new("RabbitMQ stopped for 5 s and started", ct => platform.RestartAsync(ResourceNames.Messaging, TimeSpan.FromSeconds(5), ct)),
            new("a routing instance killed (SIGKILL), started after 3 s", ct => platform.KillOneAsync(ResourceNames.Routing, TimeSpan.FromSeconds(3), ct)),
            new("an intake instance killed (SIGKILL), started after 3 s", ct => platform.KillOneAsync(ResourceNames.Intake, TimeSpan.FromSeconds(3), ct)),
        ];
        if (full)
        {
            faults.Add(new("RabbitMQ stopped for 5 s and started (again)", ct => platform.RestartAsync(ResourceNames.Messaging, TimeSpan.FromSeconds(5), ct)));
        }
        faults.Add(new("PostgreSQL shut down (fast), started after 5 s", ct => platform.RestartPostgresAsync(TimeSpan.FromSeconds(5), ct)));

        var token = ChaosRun.CityStaffToken(PlatformArguments.SigningKey);
        using var intake = new IntakeLoad(platform.Intake, token);
        using var watcher = new CaseWatcher(platform.Routing, token);
        var run = new ChaosRun(intake, watcher, platform.Intake, platform.Routing, token, progress);
        var result = await run.RunAsync(new ChaosOptions(reports, rate, faults), TestContext.Current.CancellationToken);

        var table = result.ToTable() + $"\n\nThe platform's logs: {platform.LogFile}";
        progress.WriteLine(table);
        if (Environment.GetEnvironmentVariable("SUPERVISION_CHAOS_RESULT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, table + "\n");
        }
        Assert.True(result.Acknowledged > reports * 9 / 10, $"Only {result.Acknowledged} of {reports} reports were acknowledged.\n{table}");
        Assert.True(result.Clean, table);
    }

    private static int PortOffset() =>
        int.TryParse(Environment.GetEnvironmentVariable("SUPERVISION_TEST_PORT_OFFSET"), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : 0;

    /// <summary>Progress to the test's output and, live, to standard error (what <c>./run.sh chaos</c> shows).</summary>
    private sealed class ProgressWriter(ITestOutputHelper? output) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            Console.Error.WriteLine(value);
            output?.WriteLine(value ?? "");
        }
    }
}
