using Dapper;
using Npgsql;

namespace Supervision.ServiceDefaults.Data;

/// <summary>Dapper calls inside the caller's transaction: every change to an aggregate runs in one.</summary>
public static class TransactionSql
{
    public static Task<int> ExecuteAsync(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));

    public static Task<T?> ScalarAsync<T>(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct) =>
        transaction.Connection!.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));

    public static Task<T?> SingleOrDefaultAsync<T>(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));

    public static async Task<IReadOnlyList<T>> ListAsync<T>(this NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken ct) =>
        (await transaction.Connection!.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct))).ToList();
}
