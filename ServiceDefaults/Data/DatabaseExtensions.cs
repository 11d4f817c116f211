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

    private static string WithPoolCap(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxPoolSize == new NpgsqlConnectionStringBuilder().MaxPoolSize)
        {
            settings.MaxPoolSize = DefaultMaxPoolSize;
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
