using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.Chaos.Tests;

/// <summary>
/// A whole platform of its own for the chaos run, started from the real AppHost (containers or local server binaries as
/// the integration tests do), with election clocks shortened to seconds so every election report's timers fall due
/// during the run. It injects the faults: a server stopped and started again, a service instance killed with SIGKILL.
/// </summary>
public sealed class ChaosPlatform : IAsyncDisposable
{
    /// <summary>
    /// How long an election case's acknowledgement and dispatch clocks run in the chaos run. (The duty officer's phone
    /// calls keep their hour: one call per handling unit reads the same on the timeline, so a double firing of those
    /// could not be told from two calls.)
    /// </summary>
    public static readonly TimeSpan ElectionClock = TimeSpan.FromSeconds(20);
    /// <summary>How often routing looks for due deadlines in the chaos run.</summary>
    public static readonly TimeSpan DeadlinePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, ResourceEvent> _instances = new();
    private readonly string _dataDirectory;

    private ChaosPlatform(DistributedApplication app, string dataDirectory)
    {
        App = app;
        _dataDirectory = dataDirectory;
    }

    public DistributedApplication App { get; }
    public Uri Intake => App.GetEndpoint(ResourceNames.Intake, ResourceNames.GrpcEndpoint);
    public Uri Routing => App.GetEndpoint(ResourceNames.Routing, ResourceNames.GrpcEndpoint);

    /// <summary>Starts the platform with its ports at their base plus <paramref name="portOffset"/>, and waits until intake and routing are healthy.</summary>
    public static async Task<ChaosPlatform> StartAsync(int portOffset, TimeSpan timeout, TextWriter progress)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "supervision-chaos-" + Guid.NewGuid().ToString("N")[..8]);
        var clock = ElectionClock.ToString("c", CultureInfo.InvariantCulture);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Supervision_AppHost>(
        [
            .. PlatformArguments.For(dataDirectory, portOffset),
            $"--Supervision:ServiceEnvironment:Routing__Clocks__ElectionAcknowledgeWithin={clock}",
            $"--Supervision:ServiceEnvironment:Routing__Clocks__ElectionDispatchWithin={clock}",
            $"--Supervision:ServiceEnvironment:Routing__Clocks__PollInterval={DeadlinePoll.ToString("c", CultureInfo.InvariantCulture)}",
        ], (options, _) => options.DisableDashboard = true, cancel.Token);
        var app = await builder.BuildAsync(cancel.Token);
        var platform = new ChaosPlatform(app, dataDirectory);
        _ = Task.Run(platform.WatchInstancesAsync);
        progress.WriteLine($"chaos: starting the platform (data in {dataDirectory})");
        await app.StartAsync(cancel.Token);
        // Every service, not only the two under load: the others' start (demo data, migrations) would otherwise share
        // the first seconds of the run.
        foreach (var service in new[] { ResourceNames.Intake, ResourceNames.Routing, ResourceNames.Inspection, ResourceNames.Evaluation, ResourceNames.Reporting })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancel.Token);
        }
        return platform;
    }

    /// <summary>Stops every instance of a server or service, keeps it down for <paramref name="downFor"/>, and starts it again.</summary>
    public async Task RestartAsync(string resourceName, TimeSpan downFor, CancellationToken ct)
    {
        var instances = InstancesOf(resourceName);
        foreach (var instance in instances)
        {
            await ExecuteAsync(instance, KnownResourceCommands.StopCommand, ct);
        }
        await Task.Delay(downFor, ct);
        foreach (var instance in instances)
        {
            await ExecuteAsync(instance, KnownResourceCommands.StartCommand, ct);
        }
        foreach (var instance in instances)
        {
            await WaitUntilRunningAsync(instance, ct);
        }
    }

    /// <summary>
    /// Restarts PostgreSQL as <c>pg_ctl restart</c> does by default: a fast shutdown (SIGINT to the postmaster: open
    /// transactions roll back, clients are cut off), down for <paramref name="downFor"/>, started again by the
    /// orchestrator. (The orchestrator's own stop never reaches a local server's postmaster: it times out and leaves
    /// it running, so the chaos run signals it itself.) With containers, the orchestrator's stop and start.
    /// </summary>
    public async Task RestartPostgresAsync(TimeSpan downFor, CancellationToken ct)
    {
        var instance = InstancesOf(ResourceNames.Postgres)[0];
        if (ProcessId(instance) is not { } pid)
        {
            await RestartAsync(ResourceNames.Postgres, downFor, ct);
            return;
        }
        ProcessTree.Signal(pid, PosixSignal.SIGINT);
        await WaitForStateAsync(instance, Down, ct);
        await Task.Delay(downFor, ct);
        await ExecuteAsync(instance, KnownResourceCommands.StartCommand, ct);
        await WaitUntilRunningAsync(instance, ct);
    }

    /// <summary>
    /// Kills one instance of a service with SIGKILL (its whole process tree: no shutdown, no flush), keeps it down for
    /// <paramref name="downFor"/>, and starts it again.
    /// </summary>
    public async Task KillOneAsync(string resourceName, TimeSpan downFor, CancellationToken ct)
    {
        var instance = InstancesOf(resourceName)[0];
        var pid = ProcessId(instance) ?? throw new InvalidOperationException($"{instance} reports no process id.");
        ProcessTree.Kill(pid);
        await WaitForStateAsync(instance, Down, ct);
        await Task.Delay(downFor, ct);
        await ExecuteAsync(instance, KnownResourceCommands.StartCommand, ct);
        await WaitUntilRunningAsync(instance, ct);
    }

    public IReadOnlyList<string> InstancesOf(string resourceName)
    {
        var instances = _instances.Values.Where(e => e.Resource.Name == resourceName).Select(e => e.ResourceId).Order().ToList();
        return instances.Count > 0 ? instances : throw new InvalidOperationException($"The platform has no instance of {resourceName}.");
    }

    private int? ProcessId(string instance) =>
        _instances.TryGetValue(instance, out var latest)
        && latest.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    private async Task ExecuteAsync(string instance, string command, CancellationToken ct)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(instance, command, ct);
        if (result.Success)
        {
            return;
        }
        // The orchestrator gives up waiting for a stop after a few seconds; a busy machine can take longer. What
        // matters is that it did stop.
        if (command == KnownResourceCommands.StopCommand)
        {
            await WaitForStateAsync(instance, Down, ct);
            return;
        }
        throw new InvalidOperationException($"{command} on {instance}: {result.Message}");
    }

    // Stopped, exited, finished, or (a server whose stop signal ends it with an error code) unknown: anything not on its way up.
    private static bool Down(string? state) => state is not (null or "Running" or "Starting" or "Stopping" or "Waiting" or "NotStarted");

    private Task WaitUntilRunningAsync(string instance, CancellationToken ct) => WaitForStateAsync(instance, state => state == "Running", ct);

    // Polls the instance's latest snapshot: the orchestrator's wait helpers match a resource by name, not by instance.
    private async Task WaitForStateAsync(string instance, Func<string?, bool> reached, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + CommandTimeout;
        while (!(_instances.TryGetValue(instance, out var latest) && reached(latest.Snapshot.State?.Text)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{instance} did not reach the expected state within {CommandTimeout}; it is {latest?.Snapshot.State?.Text}.");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Every resource's console output, one file for the run, kept after the run for reading a failure.</summary>
    public string LogFile => _dataDirectory + ".log";

    private async Task WatchInstancesAsync()
    {
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        var log = System.Threading.Channels.Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            await using var file = new StreamWriter(LogFile, append: true) { AutoFlush = true };
            await foreach (var line in log.Reader.ReadAllAsync())
            {
                await file.WriteLineAsync(line);
            }
        });
        try
        {
            await foreach (var change in App.ResourceNotifications.WatchAsync(_stopping.Token))
            {
                if (!_instances.ContainsKey(change.ResourceId))
                {
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await foreach (var batch in loggers.WatchAsync(change.ResourceId).WithCancellation(_stopping.Token))
                            {
                                foreach (var line in batch)
                                {
                                    log.Writer.TryWrite($"[{change.ResourceId}] {line.Content}");
                                }
                            }
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    });
                }
                var previous = _instances.GetValueOrDefault(change.ResourceId)?.Snapshot.State?.Text;
                _instances[change.ResourceId] = change;
                if (change.Snapshot.State?.Text is { } state && state != previous)
                {
                    log.Writer.TryWrite($"[{change.ResourceId}] state: {state}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // PostgreSQL's files belong to another user on some machines; the temp folder is cleaned later.
        }
    }
}

/// <summary>Signals for a process and everything it started (a service instance may run under a launcher).</summary>
internal static class ProcessTree
{
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to the process alone (PostgreSQL's postmaster tells its workers itself).</summary>
    public static void Signal(int pid, PosixSignal signal)
    {
        // SIGINT is 2 on Linux; PosixSignal's values are .NET's own, not the kernel's.
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Only SIGINT and SIGTERM are sent."),
        };
        if (kill(pid, number) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {number}) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
    }

    public static void Kill(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ParentOf(folder) is { } parent)
            {
                parents[pid] = parent;
            }
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }
        // The deepest first: a launcher killed first could not see its child die, but nothing may shut down cleanly either way.
        foreach (var pid in Enumerable.Reverse(tree))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private static int? ParentOf(string folder)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(folder, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
