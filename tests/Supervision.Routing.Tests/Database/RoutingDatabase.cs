using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>
/// A fresh routing database for one test, migrated by the platform's own migrator, with a
/// CaseWorkflow wired as the service wires it (real engine, directory, rules, clocks, outbox).
/// </summary>
internal sealed class RoutingDatabase : IAsyncDisposable
{
    public const int Batch = 100;

    private static readonly ServiceProvider Metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private RoutingDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        Workflow = NewWorkflow();
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; private set; }

    public CaseWorkflow Workflow { get; private set; }

    public static async Task<RoutingDatabase> CreateAsync(TestPostgres server)
    {
        var database = new RoutingDatabase(server.ConnectionString("routing_" + Guid.NewGuid().ToString("N")));
        await new DatabaseMigrator(database.DataSource, database.ConnectionString, typeof(CaseWorkflow).Assembly,
            NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        return database;
    }

    /// <summary>As after a restart of the service: a new connection pool and a new workflow, same database.</summary>
    public async Task RestartAsync()
    {
        await DataSource.DisposeAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        Workflow = NewWorkflow();
    }

    public async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await work(connection, transaction);
        await transaction.CommitAsync();
    }

    public Task OpenAsync(ReportReceived report, DateTimeOffset now) =>
        InTransactionAsync((c, t) => Workflow.OpenAsync(c, t, report, now, CancellationToken.None));

    public Task<int> FireAsync(DateTimeOffset now, int batch = Batch) =>
        Workflow.FireDueDeadlinesAsync(DataSource, now, batch, CancellationToken.None);

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

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private CaseWorkflow NewWorkflow()
    {
        var outbox = new Outbox(new OutboxSignal());
        var notifier = new UnitNotifier(outbox, [], Metrics.GetRequiredService<IMeterFactory>(), NullLogger<UnitNotifier>.Instance);
        return new CaseWorkflow(TestData.Engine(), new ClockPolicy(new ClockOptions()), TestData.Directory, TestData.Rules, notifier, outbox,
            NullLogger<CaseWorkflow>.Instance);
    }
}
