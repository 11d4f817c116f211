using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Supervision.DevTokens;
using Supervision.Reference;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Benchmarks;

/// <summary>
/// <c>./run.sh bench bulletin [--cases N] [--month yyyy-MM] [--runs N] [--seed N] [--reuse] [--postgres CONNSTRING]</c>: the monthly
/// bulletin of the whole city over a generated data set. The data set goes into a database of its own
/// (<see cref="Database"/>, migrated by reporting's own migrations), written at the projection level with binary COPY: a million
/// cases' events through the broker would take hours on this machine. Then the code behind the gRPC method GetBulletin
/// (<see cref="BulletinRequests.MakeAsync"/>) is timed against it, and the HTML page (and the PDF, where Chromium exists) after it.
/// </summary>
public static class BulletinBenchmark
{
    public const string Database = "supervision_bench_bulletin";
    public const string Usage =
        "usage: ./run.sh bench bulletin [--cases 1000000] [--month 2026-10] [--runs 10] [--seed 1] [--reuse] [--postgres CONNSTRING]";
    public static readonly TimeSpan Goal = TimeSpan.FromSeconds(2);
    private const string City = "370800";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        int cases = 1_000_000, runs = 10, seed = 1;
        var month = new DateOnly(2026, 10, 1);
        var reuse = false;
        string? postgres = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--reuse")
            {
                reuse = true;
                continue;
            }
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : "";
            var known = name switch
            {
                "--cases" => int.TryParse(value, out cases) && cases > 0,
                "--runs" => int.TryParse(value, out runs) && runs > 0,
                "--seed" => int.TryParse(value, out seed),
                "--month" => DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month),
                "--postgres" => (postgres = value).Length > 0,
                _ => false,
            };
            if (!known)
            {
                error.WriteLine($"Bad option {name} {value}.\n{Usage}");
                return 2;
            }
        }

        // The bench's own database, unless --postgres names one other than the server's "postgres".
        var server = new NpgsqlConnectionStringBuilder(postgres ?? DefaultServer()) { CommandTimeout = 0 };
        var database = server.Database is null or "postgres" ? Database : server.Database;
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
        // The bulletin is made as on the 5th of the next month at 09:00 in the city: the month has ended, late things have been reported.
        var asOf = month.AddMonths(1).AddDays(4).ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc);
        var clock = new FixedClock(new DateTimeOffset(asOf));
        var directory = CityDirectory.Load(RepositoryFile("data/demo-city/jining.json"));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var shape = $"cases={cases} month={month:yyyy-MM} seed={seed}";
        if (!reuse || await StoredShapeAsync(connectionString, ct) != shape)
        {
            error.WriteLine(reuse ? "bench: no data set of that shape to reuse; generating" : "bench: generating (dropping any earlier bench database)");
            await DropAsync(connectionString, ct);
            await MigrateAsync(dataSource, connectionString, ct);
            var clockGenerate = Stopwatch.StartNew();
            var set = new BulletinDataSet(directory, month, asOf, seed);
            var generated = set.Cases(cases).ToList();
            var rectifications = set.Rectifications(Math.Max(1, cases / 250)).ToList();
            error.WriteLine($"bench: {generated.Count:N0} cases generated in memory in {clockGenerate.Elapsed.TotalSeconds:F0} s; copying");
            await new BulletinDataLoader(dataSource, error).LoadAsync(generated, rectifications, asOf, ct);
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var mark = new NpgsqlCommand(
                "create table bench_data_set (shape text not null, generated_at timestamptz not null default now()); insert into bench_data_set (shape) values (@shape)",
                connection);
            mark.Parameters.AddWithValue("shape", shape);
            await mark.ExecuteNonQueryAsync(ct);
            error.WriteLine($"bench: data set ready in {clockGenerate.Elapsed.TotalMinutes:F1} min");
        }
        else
        {
            // Migrations added since the data set was made (an index) apply to it as to a running service's database.
            await MigrateAsync(dataSource, connectionString, ct);
            error.WriteLine($"bench: reusing the data set in {database} ({shape})");
        }

        // A pool of its own, opened after the migrations: new sessions get the database's settings (0009_bulletin_without_jit.sql).
        await using var reading = NpgsqlDataSource.Create(connectionString);
        var bulletins = new Bulletins(new IndicatorCalculator(directory, new DispatchOptions().TimeZoneOffset), new DispatchOptions(), clock);
        var requests = new BulletinRequests(reading, bulletins, directory, clock,
            new DocumentRendering(new PdfPrinter(new PdfOptions()), NullLogger<DocumentRendering>.Instance));
        var period = BulletinPeriod.Starting(BulletinPeriodKind.Monthly, month)!;

        error.WriteLine("bench: warm-up");
        var bulletin = await requests.MakeAsync(period, City, Edition.Staff, ct);
        var html = await requests.RenderAsync(bulletin, DocumentFormat.Html, ct);
        var figures = new LatencyRecorder();
        var pages = new LatencyRecorder();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++)
        {
            error.WriteLine($"bench: run {i + 1} of {runs}");
            var timestamp = Stopwatch.GetTimestamp();
            bulletin = await requests.MakeAsync(period, City, Edition.Staff, ct);
            figures.Succeeded(timestamp);
            timestamp = Stopwatch.GetTimestamp();
            html = await requests.RenderAsync(bulletin, DocumentFormat.Html, ct);
            pages.Succeeded(timestamp);
        }
        var made = figures.Summarize("monthly bulletin, staff edition, whole city (BulletinRequests.MakeAsync)", Stopwatch.GetElapsedTime(started));
        var rendered = pages.Summarize("HTML page (BulletinHtml)", Stopwatch.GetElapsedTime(started));
        var printed = await PrintAsync(requests, bulletin, Math.Min(runs, 3), error, ct);

        output.WriteLine("Supervision bulletin benchmark");
        output.WriteLine($"machine:    {Environment.ProcessorCount} processors, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}");
        output.WriteLine($"parameters: {shape} runs={runs} database={database} on {new NpgsqlConnectionStringBuilder(connectionString).Host}:{new NpgsqlConnectionStringBuilder(connectionString).Port}");
        output.WriteLine($"data set:   {await RowCountsAsync(dataSource, ct)}");
        var total = bulletin.Total.Current;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulletin:   {bulletin.Title}: {total.ReportsReceived} reports received, {total.CasesOpened} cases opened, closed on time {total.ClosedOnTime.Count}/{total.ClosedOnTime.Of}, {bulletin.Counties.Count} counties, {bulletin.Units.Count} units, {bulletin.NamedForLateness.Count} named for lateness, {html.Content.Length / 1024} KiB of HTML"));
        output.WriteLine();
        output.WriteLine("| step | runs | p50 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var result in new[] { made, rendered }.Concat(printed is null ? [] : [printed]))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Phase} | {result.Succeeded} | {result.P50:F0} | {result.P99:F0} | {result.Max:F0} |"));
        }
        output.WriteLine();
        if (printed is null)
        {
            output.WriteLine("PDF: not timed, Chromium is not installed here.");
        }
        var met = made.P99 <= Goal.TotalMilliseconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goal: the monthly bulletin's figures in at most {Goal.TotalSeconds:F0} s (p99): {(met ? "met" : "NOT met")} ({made.P99:F0} ms)"));
        return met ? 0 : 1;
    }

    private static async Task<PhaseResult?> PrintAsync(BulletinRequests requests, Bulletin bulletin, int runs, TextWriter error, CancellationToken ct)
    {
        var recorder = new LatencyRecorder();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++)
        {
            error.WriteLine($"bench: PDF {i + 1} of {runs}");
            var timestamp = Stopwatch.GetTimestamp();
            try
            {
                await requests.RenderAsync(bulletin, DocumentFormat.Pdf, ct);
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Unavailable)
            {
                error.WriteLine($"bench: PDF not printed: {e.Status.Detail}");
                return null;
            }
            recorder.Succeeded(timestamp);
        }
        return recorder.Summarize("PDF (headless Chromium, separately)", Stopwatch.GetElapsedTime(started));
    }

    private static async Task MigrateAsync(NpgsqlDataSource dataSource, string connectionString, CancellationToken ct) =>
        await new DatabaseMigrator(dataSource, connectionString, typeof(Supervision.Reporting.Domain.EventLog).Assembly, NullLogger<DatabaseMigrator>.Instance).StartAsync(ct);

    private static async Task<string?> StoredShapeAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select shape from bench_data_set", connection);
            return await command.ExecuteScalarAsync(ct) as string;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    private static async Task DropAsync(string connectionString, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"drop database if exists \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> RowCountsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        string[] tables = ["case_facts", "report_facts", "acknowledgements", "missed_deadlines", "disputes", "escalations", "rectification_items", "event_log"];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var counts = new List<string>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
            var rows = (long)(await count.ExecuteScalarAsync(ct))!;
            counts.Add(string.Create(CultureInfo.InvariantCulture, $"{table} {rows:N0}"));
        }
        return string.Join(", ", counts);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string DefaultServer() => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = 25432,
        Username = "postgres",
        Password = DevelopmentSettings.PostgresPassword(),
    }.ConnectionString;

    /// <summary>A file of the repository, looked for upwards from the working directory and from the program's folder.</summary>
    private static string RepositoryFile(string relativePath)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new FileNotFoundException($"{relativePath} not found above {Environment.CurrentDirectory}.");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
