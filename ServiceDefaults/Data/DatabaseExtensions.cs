using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Supervision.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database: a pooled data source, a readiness check, and the
    /// embedded SQL migrations of <paramref name="migrationsAssembly"/> applied before the service listens.
    /// </summary>
    public static TBuilder AddServiceDatabase<TBuilder>(this TBuilder builder, string connectionName, Assembly migrationsAssembly)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing.");
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(WithPoolCap(connectionString)).Build());
        builder.Services.AddSingleton(sp => new DatabaseMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(), connectionString, migrationsAssembly,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DatabaseMigrator>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrator>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(connectionName,
            sp => new DatabaseHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()), HealthStatus.Unhealthy, ["ready"]));
        return builder;
    }

    /// <summary>
    /// Connections one instance may hold at once, unless the connection string sets a size other than Npgsql's default. Npgsql's default (100) lets
    /// five services at two instances each ask for 1,000 against PostgreSQL's 300 after a restart, when every pool refills
    /// at once: the late ones got "too many clients" and their messages ran out of retries (found by the chaos run). At
    /// the cap a caller waits for a free connection instead.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Seconds a pooled connection may stay idle before it is closed, unless the connection string sets a lifetime other
    /// than Npgsql's default (300 s). Each open connection is a PostgreSQL backend process of about 2.5 MiB: the start
    /// (migrations, first polls of every worker at once) opened some forty for ten instances, and they stayed five minutes.
    /// A busy pool is not affected: only connections idle for the whole lifetime are closed.
    /// </summary>
    public const int DefaultConnectionIdleLifetime = 30;

    private static string WithPoolCap(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var defaults = new NpgsqlConnectionStringBuilder();
        if (settings.MaxPoolSize == defaults.MaxPoolSize)
        {
            settings.MaxPoolSize = DefaultMaxPoolSize;
        }
        if (settings.ConnectionIdleLifetime == defaults.ConnectionIdleLifetime)
        {
            settings.ConnectionIdleLifetime = DefaultConnectionIdleLifetime;
        }
        return settings.ConnectionString;
    }
}

internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", ex);
        }
    }
}
