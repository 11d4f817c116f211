using System.Data;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Npgsql;

namespace Supervision.ServiceDefaults.Data;

/// <summary>
/// Writes that answer nothing, held back inside one transaction and sent together as one <see cref="NpgsqlBatch"/>:
/// one round trip instead of one per statement. They go out, in the order they were written, before the
/// transaction's next read (so a read always sees them) and when the scope ends; a failing one fails the
/// flush, and the transaction rolls back as it would have. Outside a scope <see cref="TransactionSql.WriteAsync"/>
/// runs each write at once. The scope belongs to whoever began it and must end before the commit.
/// </summary>
public sealed class WriteBehind
{
    private static readonly ConditionalWeakTable<NpgsqlTransaction, WriteBehind> Active = new();

    private readonly List<NpgsqlBatchCommand> _pending = [];

    private WriteBehind()
    {
    }

    /// <summary>
    /// Holds back the transaction's writes until <see cref="Scope.EndAsync"/> (or the next read). Inside an open scope on
    /// the same transaction it opens nothing: the outer scope flushes.
    /// </summary>
    public static Scope Begin(NpgsqlTransaction transaction)
    {
        if (Active.TryGetValue(transaction, out _))
        {
            return new Scope(null);
        }
        Active.Add(transaction, new WriteBehind());
        return new Scope(transaction);
    }

    /// <summary>Queues the write when a scope is open on the transaction; false when it is not (the caller runs it now).</summary>
    internal static bool TryDefer(NpgsqlTransaction transaction, string sql, object? parameters)
    {
        if (!Active.TryGetValue(transaction, out var writes))
        {
            return false;
        }
        var command = new NpgsqlBatchCommand(sql);
        // As Dapper does: only the properties the statement names become parameters.
        foreach (var property in (parameters?.GetType().GetProperties() ?? []).Where(p => Named(sql, p.Name)))
        {
            var value = property.GetValue(parameters);
            var parameter = new NpgsqlParameter(property.Name, value ?? DBNull.Value);
            if (value is null && NullType(property.PropertyType) is { } type)
            {
                parameter.DbType = type;
            }
            command.Parameters.Add(parameter);
        }
        writes._pending.Add(command);
        return true;
    }

    /// <summary>Sends what the transaction's scope holds back, if anything; called before every read.</summary>
    public static async Task FlushAsync(NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (!Active.TryGetValue(transaction, out var writes) || writes._pending.Count == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var command in writes._pending)
        {
            batch.BatchCommands.Add(command);
        }
        writes._pending.Clear();
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static bool Named(string sql, string name) =>
        Regex.IsMatch(sql, "@" + Regex.Escape(name) + @"(?![\p{L}\p{N}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The type a null is sent as, as Dapper would name it; the server infers the rest from the statement.</summary>
    private static DbType? NullType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => DbType.String,
        var t when t == typeof(Guid) => DbType.Guid,
        var t when t == typeof(bool) => DbType.Boolean,
        var t when t == typeof(short) => DbType.Int16,
        var t when t == typeof(int) => DbType.Int32,
        var t when t == typeof(long) => DbType.Int64,
        _ => null,
    };

    /// <summary>An open write-behind; <see cref="EndAsync"/> flushes and closes it. Dropped without ending, it flushes nothing.</summary>
    public sealed class Scope(NpgsqlTransaction? transaction) : IDisposable
    {
        /// <summary>Sends what is held back and closes the scope: later writes run at once again.</summary>
        public async Task EndAsync(CancellationToken ct)
        {
            if (transaction is null)
            {
                return;
            }
            await FlushAsync(transaction, ct);
            Active.Remove(transaction);
        }

        /// <summary>Closes the scope without sending (after a failure, when the transaction rolls back anyway).</summary>
        public void Dispose()
        {
            if (transaction is not null)
            {
                Active.Remove(transaction);
            }
        }
    }
}
