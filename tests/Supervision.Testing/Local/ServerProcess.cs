using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Supervision.Testing.Local;

/// <summary>
/// One server process of the test run, with the tail of its output for error messages. Disposing it stops
/// it (with its own stop signal first, where it has one) and then kills whatever of its tree is left.
/// Any not disposed when the test process exits, or is sent SIGTERM, are stopped the same way.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private const int OutputLines = 200;
    // Generous: on a busy shared machine PostgreSQL's fast shutdown has taken 6 s, and a killed one leaves
    // its shared memory behind.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<ServerProcess, byte> Running = new();

    // A test process that ends without disposing its servers still stops them: at exit, and on SIGTERM, which
    // since .NET 10 ends a process without raising ProcessExit. The handler lets the signal end the process.
    private static readonly PosixSignalRegistration? OnTerminate = OperatingSystem.IsWindows()
        ? null
        : PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopUndisposed());
    private static volatile bool _terminating;

    private readonly Process _process;
    private readonly int? _stopSignal;
    private readonly Queue<string> _output = new();

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopUndisposed();

    private ServerProcess(string name, Process process, int? stopSignal)
    {
        Name = name;
        _process = process;
        _stopSignal = stopSignal;
    }

    public static bool AsRoot => Environment.UserName == "root";

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a server in the foreground. <paramref name="user"/>: the user to run it as when the tests run
    /// as root (PostgreSQL refuses root). <paramref name="stopSignal"/>: the signal that stops it cleanly;
    /// without one it is killed, which suits servers whose data is thrown away.
    /// </summary>
    public static ServerProcess Start(string name, string program, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, string? user = null, int? stopSignal = null)
    {
        var process = new Process { StartInfo = StartInfo(program, args, workingDirectory, user) };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            process.StartInfo.Environment[key] = value;
        }
        var server = new ServerProcess(name, process, stopSignal);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"{name}: {program} could not be started ({e.Message}); ./test.sh installs the servers.", e);
        }
        Running[server] = 0;
        if (_terminating)
        {
            // A start that was waiting on a server just stopped for the exit would otherwise try again.
            StopUndisposed();
            throw new OperationCanceledException("The test process is exiting.");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs a command to its end; throws with its output when it fails.</summary>
    public static async Task RunToEndAsync(string program, IEnumerable<string> args, string workingDirectory, string? user = null)
    {
        using var process = new Process { StartInfo = StartInfo(program, args, workingDirectory, user) };
        process.Start();
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', process.StartInfo.ArgumentList)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    /// <summary>
    /// Polls until the server answers (true) or exits (false, e.g. its port was taken meanwhile).
    /// A server that neither answers nor exits in time is killed and reported.
    /// </summary>
    public async Task<bool> WaitUntilReadyAsync(Func<Task<bool>> answers, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (HasExited)
            {
                return false;
            }
            if (await answers())
            {
                return true;
            }
            await Task.Delay(100);
        }
        await DisposeAsync();
        throw new TimeoutException($"{Name} did not answer within {timeout.TotalSeconds} s. Its last output:\n{Output()}");
    }

    /// <summary>The last lines the server wrote.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Running.TryRemove(this, out _))
        {
            return;
        }
        if (_stopSignal is { } signal && !_process.HasExited && Kill(_process.Id, signal) == 0)
        {
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed below.
            }
        }
        KillTree();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>
    /// Stops processes that were not disposed one by one: their stop signal to each, then SIGKILL to whatever
    /// is left of their trees after one grace period. (A killed PostgreSQL leaves its shared memory behind.)
    /// </summary>
    public static void StopAll(IReadOnlyList<(Process Process, int? StopSignal)> servers)
    {
        foreach (var (process, signal) in servers)
        {
            if (signal is not null)
            {
                Kill(process.Id, signal.Value);
            }
        }
        var clock = Stopwatch.StartNew();
        foreach (var (process, signal) in servers)
        {
            try
            {
                var left = StopGrace - clock.Elapsed;
                if (signal is not null && left > TimeSpan.Zero)
                {
                    process.WaitForExit(left);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // Gone already.
            }
            KillTree(process);
        }
    }

    private static void StopUndisposed()
    {
        _terminating = true;
        var servers = Running.Keys.Where(server => Running.TryRemove(server, out _)).ToList();
        StopAll([.. servers.Select(server => (server._process, server._stopSignal))]);
    }

    private void KillTree() => KillTree(_process);

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException)
        {
            // Exited already, or part of its tree exited while it was being killed.
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > OutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, string workingDirectory, string? user)
    {
        var asOther = user is not null && AsRoot;
        var info = new ProcessStartInfo(asOther ? "setpriv" : program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asOther)
        {
            // setpriv execs the program: the process started is the server itself, so signals reach it.
            foreach (var arg in new[] { $"--reuid={user}", $"--regid={user}", "--init-groups", program })
            {
                info.ArgumentList.Add(arg);
            }
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return info;
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
