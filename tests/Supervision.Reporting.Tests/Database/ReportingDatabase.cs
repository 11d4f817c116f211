using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Supervision.Reporting.Domain;
using Supervision.ServiceDefaults.Data;
using Supervision.Testing;

namespace Supervision.Reporting.Tests.Database;

/// <summary>A fresh reporting database for one test, migrated by the platform's own migrator.</summary>
internal sealed class ReportingDatabase : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];

    private ReportingDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NewDataSource();
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<ReportingDatabase> CreateAsync(TestPostgres server)
    {
        var database = new ReportingDatabase(server.ConnectionString("reporting_" + Guid.NewGuid().ToString("N")));
        await new DatabaseMigrator(database.DataSource, database.ConnectionString, typeof(EventLog).Assembly,
            NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        return database;
    }

    /// <summary>A connection pool of its own, as a second instance of the service has.</summary>
    public NpgsqlDataSource NewDataSource()
    {
        var source = NpgsqlDataSource.Create(ConnectionString);
        _sources.Add(source);
        return source;
    }

    public async Task<T> InTransactionAsync<T>(Func<NpgsqlTransaction, Task<T>> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(transaction);
        await transaction.CommitAsync();
        return result;
    }

    /// <summary>Records one consumed event, as the consumer does; a new message id unless one is given.</summary>
    public Task<bool> RecordAsync<TEvent>(TEvent message, Guid? messageId = null) where TEvent : class =>
        InTransactionAsync(t => EventLog.RecordAsync(t, messageId ?? Guid.NewGuid(), message, CancellationToken.None));

    public async Task RecordAllAsync(IEnumerable<object> messages)
    {
        foreach (var message in messages)
        {
            await RecordOnAsync(DataSource, message);
        }
    }

    /// <summary>Records one consumed event of any type through <paramref name="instance"/>'s pool, as that instance's consumer does.</summary>
    public static async Task RecordOnAsync(NpgsqlDataSource instance, object message)
    {
        await using var connection = await instance.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await (Task<bool>)typeof(EventLog).GetMethod(nameof(EventLog.RecordAsync))!.MakeGenericMethod(message.GetType())
            .Invoke(null, [transaction, Guid.NewGuid(), message, CancellationToken.None, null])!;
        await transaction.CommitAsync();
    }

    /// <summary>
    /// Records the events <paramref name="orderOf"/> gives for each order of <paramref name="events"/> events (and that
    /// order's number), every fourth delivered twice; returns how many orders were recorded.
    /// </summary>
    public async Task<int> RecordInEveryOrderAsync(int events, Func<int[], int, IEnumerable<object>> orderOf)
    {
        var orders = CaseEvents.Permutations(events).ToList();
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orderOf(orders[i], i).ToList();
            await RecordAllAsync(i % 4 == 0 ? [.. order, .. order] : order);
        }
        return orders.Count;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
