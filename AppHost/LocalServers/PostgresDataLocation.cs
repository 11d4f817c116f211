using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Supervision.AppHost.LocalServers;

/// <summary>
/// Where the local PostgreSQL keeps its data. Run as root, the server runs as the "postgres" user, which must be able
/// to traverse every parent folder of its data folder. A checkout under root's home (0700) or in any private folder
/// is not reachable: then the data goes to /var/lib/supervision/&lt;hash of the data folder&gt;/postgres, and a file
/// in the platform's data folder remembers where (./run.sh reset reads it).
/// </summary>
public sealed record PostgresDataLocation(string Path, string? Reason)
{
    public const string RelocatedRoot = "/var/lib/supervision";
    public const string LocationFileName = "postgres-location";

    public static PostgresDataLocation Choose(string dataDirectory)
    {
        var inCheckout = System.IO.Path.Combine(dataDirectory, "postgres");
        var locationFile = System.IO.Path.Combine(dataDirectory, LocationFileName);
        if (File.Exists(locationFile))
        {
            var recorded = File.ReadAllText(locationFile).Trim();
            if (recorded.Length > 0)
            {
                return new PostgresDataLocation(recorded, $"recorded in {locationFile}");
            }
        }
        if (OperatingSystem.IsWindows() || Environment.UserName != "root" || PostgresUserCanReach(dataDirectory))
        {
            return new PostgresDataLocation(inCheckout, null);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
        var home = System.IO.Path.Combine(RelocatedRoot, hash);
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(RelocatedRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(home, File.GetUnixFileMode(RelocatedRoot));
        File.WriteAllText(System.IO.Path.Combine(home, "checkout"), dataDirectory + "\n");
        var relocated = System.IO.Path.Combine(home, "postgres");
        File.WriteAllText(locationFile, relocated + "\n");
        return new PostgresDataLocation(relocated,
            $"the postgres user cannot reach {dataDirectory}: a parent folder is private");
    }

    /// <summary>Whether the postgres user can traverse the folder (and so every parent of it).</summary>
    private static bool PostgresUserCanReach(string folder)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("setpriv",
                ["--reuid=postgres", "--regid=postgres", "--init-groups", "test", "-x", folder])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null || !process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                return true;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // No setpriv: postgres-init reports the problem if there is one.
        }
    }
}
