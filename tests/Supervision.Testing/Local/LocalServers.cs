using System.Diagnostics;

namespace Supervision.Testing.Local;

/// <summary>
/// The servers from the machine's own binaries (the Debian packages ./test.sh installs), each in its own
/// folder under one folder for the run. The run's folder is named after the test process, so a later run
/// can tell that its owner died without cleaning up, stop what still runs there and delete it.
/// </summary>
internal sealed class LocalServers : IServerSource
{
    private const string Prefix = "supervision-test-servers-";

    private readonly string _root;

    public LocalServers()
    {
        SweepAbandonedRuns();
        _root = Path.Combine(TempRoot, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        if (!OperatingSystem.IsWindows())
        {
            // Traversable by the postgres user whatever the umask.
            File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    // PostgreSQL runs as the postgres user when the tests run as root: every parent of its folder must be
    // traversable by that user, which a TMPDIR under root's home is not.
    private static string TempRoot => Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();

    public Task<Started<TestPostgres>> StartPostgresAsync() => LocalPostgres.StartAsync(Folder("postgres"));

    public Task<Started<TestRabbitMq>> StartRabbitMqAsync() => LocalRabbitMq.StartAsync(Folder("rabbitmq"));

    public Task<Started<TestRedis>> StartRedisAsync() => LocalRedis.StartAsync(Folder("redis"));

    public ValueTask DisposeAsync()
    {
        Delete(_root);
        return ValueTask.CompletedTask;
    }

    private string Folder(string server) => Directory.CreateDirectory(Path.Combine(_root, server)).FullName;

    private static void SweepAbandonedRuns()
    {
        if (!Directory.Exists("/proc"))
        {
            return;
        }
        foreach (var run in Directory.EnumerateDirectories(TempRoot, Prefix + "*"))
        {
            var owner = Path.GetFileName(run)[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, out var ownerId) || Directory.Exists($"/proc/{ownerId}"))
            {
                continue;
            }
            // Every server runs with its working directory in its folder (PostgreSQL and Redis move into their data
            // folders). SIGINT is PostgreSQL's fast shutdown; RabbitMQ's script, Redis and epmd stop on it too.
            var abandoned = ProcessesWorkingIn(run);
            ServerProcess.StopAll([.. abandoned.Select(process => (process, (int?)ServerProcess.SigInt))]);
            abandoned.ForEach(process => process.Dispose());
            Delete(run);
        }
    }

    private static List<Process> ProcessesWorkingIn(string folder)
    {
        var found = new List<Process>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var id))
            {
                continue;
            }
            try
            {
                var directory = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (directory is not null && (directory == folder || directory.StartsWith(folder + "/", StringComparison.Ordinal)))
                {
                    found.Add(Process.GetProcessById(id));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Gone meanwhile, or not ours to see.
            }
        }
        return found;
    }

    private static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left to the system's temp cleaner, or to the next run's sweep.
        }
    }
}
