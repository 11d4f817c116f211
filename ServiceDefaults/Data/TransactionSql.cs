using Dapper;
using Npgsql;

namespace Supervision.ServiceDefaults.Data;

/// <summary>
/// Dapper calls inside the caller's transaction: every change to an aggregate runs in one. Inside a
/// <see cref="WriteBehind"/> scope every call but <see cref="WriteAsync"/> first sends the writes held back, so it sees them.
/// </summary>
public static class TransactionSql
{
    /// <summary>A write whose row count nobody needs: held back inside a <see cref="WriteBehind"/> scope, run at once outside one.</summary>
    public static async Task WriteAsync(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct)
    {
        if (!WriteBehind.TryDefer(transaction, sql, parameters))
        {
            await transaction.Connection!.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        }
    }

    public static async Task<int> ExecuteAsync(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct)
    {
        await WriteBehind.FlushAsync(transaction, ct);
        return await transaction.Connection!.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
    }

    public static async Task<T?> ScalarAsync<T>(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct)
    {
        await WriteBehind.FlushAsync(transaction, ct);
        return await transaction.Connection!.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
    }

    public static async Task<T?> SingleOrDefaultAsync<T>(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct)
    {
        await WriteBehind.FlushAsync(transaction, ct);
        return await transaction.Connection!.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
    }

    public static async Task<IReadOnlyList<T>> ListAsync<T>(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct)
    {
        await WriteBehind.FlushAsync(transaction, ct);
        return (await transaction.Connection!.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct))).ToList();
    }
}
