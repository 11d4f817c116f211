using System.Globalization;
using Npgsql;
using Supervision.DevTokens;

namespace Supervision.Benchmarks;

/// <summary>
/// Command line: <c>--reports N --concurrency C --intake URL --postgres CONNSTRING</c> for phases 1-3,
/// <c>--rate R --duration S --routing URL --skip-routing</c> for phase 4 (submit → case assigned).
/// </summary>
public sealed record Options(int Reports, int Concurrency, Uri Intake, string Postgres, double Rate, int Duration, Uri Routing, bool SkipRouting)
{
    public const int DefaultReports = 2000;
    public const int DefaultConcurrency = 16;
    public const string DefaultIntake = "http://127.0.0.1:21101";
    public const double DefaultRate = 20;
    public const int DefaultDuration = 30;
    public const string DefaultRouting = "http://127.0.0.1:21201";
    public const string Usage =
        "usage: dotnet run -c Release --project tests/Supervision.Benchmarks -- [--reports N] [--concurrency C] [--intake URL] [--postgres CONNSTRING]"
        + " [--rate PER_SECOND] [--duration SECONDS] [--routing URL] [--skip-routing]";

    /// <summary>The parsed options, or null with the reason written to <paramref name="error"/>.</summary>
    public static Options? Parse(string[] args, TextWriter error)
    {
        int reports = DefaultReports, concurrency = DefaultConcurrency, duration = DefaultDuration;
        double rate = DefaultRate;
        string intake = DefaultIntake, routing = DefaultRouting;
        string? postgres = null;
        var skipRouting = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error.WriteLine(Usage);
                return null;
            }
            if (name == "--skip-routing")
            {
                skipRouting = true;
                continue;
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
                "--rate" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && double.IsFinite(rate) && rate > 0,
                "--duration" => int.TryParse(value, out duration) && duration > 0,
                "--routing" => (routing = value).Length > 0,
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
        if (!Uri.TryCreate(routing, UriKind.Absolute, out var routingUri))
        {
            error.WriteLine($"--routing {routing} is not an absolute URL.");
            return null;
        }
        return new Options(reports, concurrency, intakeUri, postgres ?? DefaultPostgres(), rate, duration, routingUri, skipRouting);
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

    /// <summary>How many reports phase 4 submits: the rate held for the duration.</summary>
    public int AssignmentReports => Math.Max(1, (int)Math.Round(Rate * Duration));

    private static string DefaultPostgres() => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = 25432,
        Username = "postgres",
        Password = DevelopmentSettings.PostgresPassword(),
        Database = "postgres",
    }.ConnectionString;
}
