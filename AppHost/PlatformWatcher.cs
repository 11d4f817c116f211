using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Supervision.AppHost;

/// <summary>
/// Keeps every resource's console output in a file under the data folder's logs/, and when a resource fails to start
/// or exits with an error while the platform runs, says so on the AppHost's console (its name, the last lines of its
/// log, where the full log is) and stops the platform with a non-zero exit code. Without it a failing PostgreSQL only
/// shows in the dashboard, and the services wait for it for minutes.
/// </summary>
public sealed class PlatformWatcher(ResourceNotificationService notifications, ResourceLoggerService loggers,
    IHostApplicationLifetime lifetime, PlatformSettings settings) : BackgroundService
{
    private const int TailLines = 20;
    private readonly ConcurrentDictionary<string, ResourceLog> _logs = new();
    private readonly ConcurrentDictionary<string, bool> _stopRequested = new();
    private int _failed;

    /// <summary>The AppHost's exit code: 1 once a resource failed.</summary>
    public static int ExitCode { get; private set; }

    public string LogDirectory { get; } = Path.Combine(settings.DataDirectory!, "logs");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(LogDirectory);
        foreach (var old in Directory.EnumerateFiles(LogDirectory, "*.log"))
        {
            File.Delete(old); // The previous run's: instances have new ids each run.
        }
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                // One instance: its name (postgres); several: each instance's id (intake-abcdefgh).
                var name = change.Resource.Annotations.OfType<ReplicaAnnotation>().Any(r => r.Replicas > 1)
                    ? change.ResourceId
                    : change.Resource.Name;
                var log = _logs.GetOrAdd(change.ResourceId, id => StartLog(id, name, stoppingToken));
                // A resource stopped by an operator (the dashboard's Stop) passes through "Stopping"; a server
                // killed that way may exit with a signal's code, which is not a failure.
                var state = change.Snapshot.State?.Text;
                if (state == KnownResourceStates.Stopping)
                {
                    _stopRequested[change.ResourceId] = true;
                }
                else if (state == KnownResourceStates.Running || state == KnownResourceStates.Starting)
                {
                    _stopRequested[change.ResourceId] = false;
                }
                if (settings.StopOnResourceFailure && Failure(change.Snapshot) is { } why
                    && !_stopRequested.GetValueOrDefault(change.ResourceId)
                    && !lifetime.ApplicationStopping.IsCancellationRequested
                    && Interlocked.Exchange(ref _failed, 1) == 0)
                {
                    _ = ReportAndStopAsync(name, why, log);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Why the snapshot is a failure, or null. A server stopped from the dashboard exits with 0: not a failure.</summary>
    private static string? Failure(CustomResourceSnapshot snapshot)
    {
        var state = snapshot.State?.Text;
        if (state == KnownResourceStates.FailedToStart)
        {
            return "failed to start";
        }
        if ((state == KnownResourceStates.Exited || state == KnownResourceStates.Finished) && snapshot.ExitCode is { } code && code != 0)
        {
            return $"exited with code {code}";
        }
        return null;
    }

    private async Task ReportAndStopAsync(string name, string why, ResourceLog log)
    {
        // The last lines may still be on their way from the orchestrator.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var tail = log.Tail();
        var report = new System.Text.StringBuilder();
        report.AppendLine();
        report.AppendLine($"Supervision cannot run: {name} {why}.");
        if (tail.Count > 0)
        {
            report.AppendLine($"The last {tail.Count} lines of its log:");
            foreach (var line in tail)
            {
                report.AppendLine("  | " + line);
            }
        }
        else
        {
            report.AppendLine("It wrote nothing.");
        }
        report.AppendLine($"Full log: {log.Path}   (every resource's log: {LogDirectory}/)");
        report.AppendLine("Stopping the platform.");
        Console.Error.Write(report.ToString());
        ExitCode = 1;
        lifetime.StopApplication();
    }

    private ResourceLog StartLog(string resourceId, string name, CancellationToken stoppingToken)
    {
        var log = new ResourceLog(Path.Combine(LogDirectory, name + ".log"));
        _ = Task.Run(async () =>
        {
            try
            {
                await using var file = new StreamWriter(log.Path, append: false) { AutoFlush = true };
                await foreach (var batch in loggers.WatchAsync(resourceId).WithCancellation(stoppingToken))
                {
                    foreach (var line in batch)
                    {
                        log.Add(line.Content);
                        await file.WriteLineAsync(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        }, CancellationToken.None);
        return log;
    }

    private sealed class ResourceLog(string path)
    {
        private readonly Queue<string> _tail = new();
        public string Path { get; } = path;

        public void Add(string line)
        {
            lock (_tail)
            {
                _tail.Enqueue(line);
                while (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
            }
        }

        public IReadOnlyList<string> Tail()
        {
            lock (_tail)
            {
                return [.. _tail];
            }
        }
    }
}
