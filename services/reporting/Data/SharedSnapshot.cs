using System.Data;
using System.Text.RegularExpressions;
using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Reporting.Data;

/// <summary>
/// A second read-only transaction, on a connection of its own, that sees exactly what a first repeatable-read transaction
/// sees (PostgreSQL's exported snapshots): independent statements of one document run at once, with the numbers of one
/// moment. The snapshot is valid while the first transaction is open, so this one must end before it does.
/// </summary>
public sealed partial class SharedSnapshot : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private SharedSnapshot(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        Transaction = transaction;
    }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>Opens a transaction on the snapshot of <paramref name="first"/>, a repeatable-read transaction that has not yet read.</summary>
    public static async Task<SharedSnapshot> OpenAsync(NpgsqlDataSource dataSource, NpgsqlTransaction first, CancellationToken ct)
    {
        var id = await first.ScalarAsync<string>("select pg_export_snapshot()", null, ct);
        // An identifier PostgreSQL made (e.g. 00000003-0000001B-1); SET TRANSACTION SNAPSHOT takes no parameter.
        if (id is null || !SnapshotId().IsMatch(id))
        {
            throw new InvalidOperationException($"PostgreSQL exported an unexpected snapshot identifier: {id}");
        }
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await transaction.ExecuteAsync($"set transaction read only; set transaction snapshot '{id}'", null, ct);
            return new SharedSnapshot(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [GeneratedRegex("^[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+$")]
    private static partial Regex SnapshotId();
}
