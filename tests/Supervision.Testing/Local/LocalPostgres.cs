using System.Security.Cryptography;
using Npgsql;

namespace Supervision.Testing.Local;

/// <summary>
/// A throwaway PostgreSQL server: initdb, then the server in the foreground. As root both run as the
/// postgres user, as the platform's local servers do. Durability is off: the data is deleted at the end.
/// </summary>
internal static class LocalPostgres
{
    private const string User = "postgres";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    public static async Task<Started<TestPostgres>> StartAsync(string folder)
    {
        var bin = Binaries();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var data = Path.Combine(folder, "data");
        var passwordFile = Path.Combine(folder, "password");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        if (ServerProcess.AsRoot)
        {
            await ServerProcess.RunToEndAsync("chown", ["-R", $"{User}:{User}", folder], folder);
        }
        await ServerProcess.RunToEndAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", User, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            folder, User);
        File.Delete(passwordFile);

        for (var attempt = 1; ; attempt++)
        {
            var port = Loopback.FreePorts(1)[0];
            var server = ServerProcess.Start("PostgreSQL", Path.Combine(bin, "postgres"),
            [
                "-D", data, "-p", port.ToString(), "-c", "listen_addresses=" + Loopback.Host, "-c", "unix_socket_directories=",
                "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            ], folder, user: User, stopSignal: ServerProcess.SigInt); // SIGINT: fast shutdown, clients disconnected
            var postgres = new TestPostgres(Loopback.Host, port, User, password);
            if (await server.WaitUntilReadyAsync(() => AnswersAsync(postgres), StartupTimeout))
            {
                return new(postgres, $"{Loopback.Host}:{port}", server);
            }
            var output = server.Output();
            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("PostgreSQL did not start. Its last output:\n" + output);
            }
        }
    }

    private static async Task<bool> AnswersAsync(TestPostgres postgres)
    {
        var admin = new NpgsqlConnectionStringBuilder(postgres.ConnectionString("postgres")) { Pooling = false, Timeout = 2 };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
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
        return bin ?? throw new InvalidOperationException($"No PostgreSQL server binaries under {root}: ./test.sh installs the postgresql package.");
    }
}
