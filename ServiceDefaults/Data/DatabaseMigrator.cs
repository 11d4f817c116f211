using System.Reflection;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Supervision.ServiceDefaults.Data;

/// <summary>
/// Applies the embedded <c>Migrations/*.sql</c> scripts of a service in name order, each once, under
/// an advisory lock so that two instances starting together do not race. Creates the database if
/// the server does not have it yet (the executable PostgreSQL of a fresh machine).
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, string connectionString, Assembly migrationsAssembly,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    private const long MigrationLockKey = 7_370_800_001;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureDatabaseExistsAsync(cancellationToken);
                await MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 60 && ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Database not ready (attempt {Attempt}): {Reason}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureDatabaseExistsAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(
            "select exists(select 1 from pg_database where datname = @database)", new { database });
        if (exists)
        {
            return;
        }
        try
        {
            await connection.ExecuteAsync($"create database \"{database.Replace("\"", "\"\"")}\"");
            logger.LogInformation("Created database {Database}", database);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it first.
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // The platform's own tables (outbox, inbox) come first, then the service's.
        var platform = typeof(DatabaseMigrator).Assembly;
        var scripts = ScriptsOf(platform).Select(s => (Assembly: platform, Resource: s, Version: "platform/" + VersionOf(s)))
            .Concat(ScriptsOf(migrationsAssembly).Select(s => (Assembly: migrationsAssembly, Resource: s, Version: VersionOf(s))))
            .ToList();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("select pg_advisory_lock(@key)", new { key = MigrationLockKey });
        try
        {
            await connection.ExecuteAsync(
                "create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())");
            var applied = (await connection.QueryAsync<string>("select version from schema_migrations")).ToHashSet();
            foreach (var (assembly, resource, version) in scripts)
            {
                if (applied.Contains(version))
                {
                    continue;
                }
                await using var stream = assembly.GetManifestResourceStream(resource)!;
                var sql = await new StreamReader(stream).ReadToEndAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(sql, transaction: transaction);
                await connection.ExecuteAsync("insert into schema_migrations (version) values (@version)", new { version }, transaction);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version}", version);
            }
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = MigrationLockKey });
        }
    }

    private static IEnumerable<string> ScriptsOf(Assembly assembly) => assembly.GetManifestResourceNames()
        .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);

    private static string VersionOf(string resource) =>
        resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
}
