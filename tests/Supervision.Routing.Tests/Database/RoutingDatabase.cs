using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Reference;
using Supervision.Routing.Domain;
using Supervision.Routing.Extensions;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>
/// A fresh routing database for one test, migrated by the platform's own migrator, with the domain
/// wired as the service wires it (real engine, directory, rules, clocks, outbox).
/// </summary>
internal sealed class RoutingDatabase : IAsyncDisposable
{
    public const int Batch = 100;

    private ServiceProvider _services;

    private RoutingDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _services = NewServices();
    }

    public string ConnectionString { get; }

    /// <summary>The clocks every test database runs on: the service's defaults.</summary>
    public ClockOptions Clocks { get; } = new();

    public NpgsqlDataSource DataSource => _services.GetRequiredService<NpgsqlDataSource>();

    public CaseOpening Opening => _services.GetRequiredService<CaseOpening>();

    public CaseHandlingSteps Handling => _services.GetRequiredService<CaseHandlingSteps>();

    public CaseConclusion Conclusion => _services.GetRequiredService<CaseConclusion>();

    public PhoneNotices PhoneNotices => _services.GetRequiredService<PhoneNotices>();

    public static async Task<RoutingDatabase> CreateAsync(TestPostgres server)
    {
        var database = new RoutingDatabase(server.ConnectionString("routing_" + Guid.NewGuid().ToString("N")));
        await new DatabaseMigrator(database.DataSource, database.ConnectionString, typeof(CaseOpening).Assembly,
            NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        return database;
    }

    /// <summary>The services of one routing instance on this database: its own connection pool, the given clock.</summary>
    public void AddRouting(IServiceCollection services, TimeProvider time, ClockOptions clocks)
    {
        var connectionString = ConnectionString;
        services.AddLogging().AddMetrics()
            .AddSingleton(_ => NpgsqlDataSource.Create(connectionString))
            .AddSingleton(time)
            .AddSingleton(Options.Create(clocks))
            .AddSingleton<CityDirectory>(TestData.Directory)
            .AddSingleton(TestData.Rules)
            .AddSingleton<OutboxSignal>()
            .AddSingleton<Outbox>()
            .AddCaseRules();
    }

    /// <summary>As after a restart of the service: a new connection pool and new services, same database.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = NewServices();
    }

    public async Task InTransactionAsync(Func<NpgsqlTransaction, Task> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await work(transaction);
        await transaction.CommitAsync();
    }

    public Task OpenAsync(ReportReceived report, DateTimeOffset now) =>
        InTransactionAsync(t => Opening.OpenAsync(t, report, now, CancellationToken.None));

    /// <summary>Opens (or attaches) the report and returns its case.</summary>
    public async Task<Guid> OpenCaseAsync(ReportReceived report, DateTimeOffset now)
    {
        await OpenAsync(report, now);
        return await CaseOfAsync(report);
    }

    /// <summary>The duty officer phoned every unit the case's election clock asked them to call, at <paramref name="at"/>.</summary>
    public async Task ConfirmPhoneCallsAsync(Guid caseId, DateTimeOffset at)
    {
        foreach (var noticeId in await QueryAsync<Guid>("select id from phone_notices where case_id = @caseId and called_at is null", new { caseId }))
        {
            await InTransactionAsync(t => PhoneNotices.ConfirmAsync(t, noticeId, new PhoneCall(at, "承办单位值班员", "受理中心值班员"), "duty officer", at,
                _ => { }, CancellationToken.None));
        }
    }

    public async Task<int> FireAsync(DateTimeOffset now, int batch = Batch)
    {
        var fired = 0;
        var escalation = _services.GetRequiredService<DeadlineEscalation>();
        await InTransactionAsync(async t => fired = await escalation.FireDueAsync(t, now, batch, CancellationToken.None));
        return fired;
    }

    public async Task<Guid> CaseOfAsync(ReportReceived report) =>
        await ScalarAsync<Guid>("select case_id from case_reports where report_id = @ReportId", new { report.ReportId });

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("No value: " + sql);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    /// <summary>Outbox rows of one event type about one case.</summary>
    public Task<int> OutboxCountAsync<T>(Guid caseId) =>
        ScalarAsync<int>("select count(*)::int from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(T).FullName, caseId = caseId.ToString() });

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private ServiceProvider NewServices()
    {
        var services = new ServiceCollection();
        AddRouting(services, TimeProvider.System, Clocks);
        return services.BuildServiceProvider();
    }
}
