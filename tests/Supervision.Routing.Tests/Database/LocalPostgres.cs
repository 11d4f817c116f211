using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

[assembly: AssemblyFixture(typeof(Supervision.Routing.Tests.Database.LocalPostgres))]

namespace Supervision.Routing.Tests.Database;

/// <summary>
/// A throwaway PostgreSQL server from the machine's own binaries, started once for the test run
/// (no container engine here). As root both initdb and the server run as "postgres", as the
/// platform's local servers do. Durability is switched off: the data folder is deleted at the end.
/// </summary>
public sealed class LocalPostgres : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _root = Path.Combine(Path.GetTempPath(), "routing-tests-pg-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _log = [];
    private Process? _server;
    private int _port;

    private static bool AsRoot => Environment.UserName == "root";

    /// <summary>Connection string of a database on this server (created by the migrator when first used).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _port, Username = "postgres", Password = _password, Database = database,
        MaxPoolSize = 20, Timeout = 10, CommandTimeout = 30,
    }.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        var bin = Binaries();
        var data = Path.Combine(_root, "data");
        var passwordFile = Path.Combine(_root, "password");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(passwordFile, _password + "\n");
        if (AsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root]);
        }
        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            asPostgres: true);

        // A port found free can be taken before the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            _port = FreePort();
            _server = Start(Path.Combine(bin, "postgres"),
            [
                "-D", data, "-p", _port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            ]);
            if (await WaitUntilReadyAsync(_server))
            {
                return;
            }
            if (attempt == 3)
            {
                throw new InvalidOperationException("PostgreSQL did not start:\n" + Log());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is { HasExited: false } server)
        {
            // SIGINT is PostgreSQL's fast shutdown: it disconnects clients and stops cleanly.
            await RunAsync("kill", ["-INT", server.Id.ToString()]);
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await server.WaitForExitAsync(stopped.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        _server?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaner.
        }
    }

    private async Task<bool> WaitUntilReadyAsync(Process server)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false, Timeout = 2 }.ConnectionString;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout)
        {
            if (server.HasExited)
            {
                return false;
            }
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                return true;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(100);
            }
        }
        server.Kill(entireProcessTree: true);
        throw new TimeoutException($"PostgreSQL did not accept connections within {StartupTimeout}:\n" + Log());
    }

    private Process Start(string program, IReadOnlyList<string> args)
    {
        var process = new Process { StartInfo = StartInfo(program, args, asPostgres: true) };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres = false)
    {
        using var process = new Process { StartInfo = StartInfo(program, args, asPostgres) };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static ProcessStartInfo StartInfo(string program, IReadOnlyList<string> args, bool asPostgres)
    {
        // PostgreSQL refuses to run as root.
        var asOther = asPostgres && AsRoot;
        var info = new ProcessStartInfo(asOther ? "setpriv" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asOther)
        {
            foreach (var arg in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", program })
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

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 200)
            {
                _log.RemoveAt(0);
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return string.Join('\n', _log);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Binaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException($"No PostgreSQL server binaries under {root}: install the postgresql package.");
    }
}
