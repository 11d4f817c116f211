using Npgsql;
using Supervision.DevTokens;

namespace Supervision.Benchmarks;

/// <summary>Command line: <c>--reports N --concurrency C --intake URL --postgres CONNSTRING</c>.</summary>
public sealed record Options(int Reports, int Concurrency, Uri Intake, string Postgres)
{
    public const int DefaultReports = 2000;
    public const int DefaultConcurrency = 16;
    public const string DefaultIntake = "http://127.0.0.1:21101";
    public const string Usage =
        "usage: dotnet run -c Release --project tests/Supervision.Benchmarks -- [--reports N] [--concurrency C] [--intake URL] [--postgres CONNSTRING]";

    /// <summary>The parsed options, or null with the reason written to <paramref name="error"/>.</summary>
    public static Options? Parse(string[] args, TextWriter error)
    {
        int reports = DefaultReports, concurrency = DefaultConcurrency;
        string intake = DefaultIntake;
        string? postgres = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error.WriteLine(Usage);
                return null;
            }
            if (i + 1 >= args.Length)
            {
                error.WriteLine($"{name} needs a value.\n{Usage}");
                return null;
            }
            var value = args[++i];
            var known = name switch
            {
                "--reports" => int.TryParse(value, out reports) && reports > 0,
                "--concurrency" => int.TryParse(value, out concurrency) && concurrency > 0,
                "--intake" => (intake = value).Length > 0,
                "--postgres" => (postgres = value).Length > 0,
                _ => false,
            };
            if (!known)
            {
                error.WriteLine($"Bad option {name} {value}.\n{Usage}");
                return null;
            }
        }
        if (!Uri.TryCreate(intake, UriKind.Absolute, out var intakeUri))
        {
            error.WriteLine($"--intake {intake} is not an absolute URL.");
            return null;
        }
        return new Options(reports, concurrency, intakeUri, postgres ?? DefaultPostgres());
    }

    /// <summary>The PostgreSQL server for display, without the password.</summary>
    public string PostgresServer
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Postgres);
            return $"{builder.Host}:{builder.Port}";
        }
    }

    private static string DefaultPostgres() => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = 25432,
        Username = "postgres",
        Password = DevelopmentSettings.PostgresPassword(),
        Database = "postgres",
    }.ConnectionString;
}
