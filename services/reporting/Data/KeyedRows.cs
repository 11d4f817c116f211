using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>Records made once per idempotency key: a retry finds the row its key made, if the request was the same.</summary>
public static class KeyedRows
{
    /// <summary>
    /// The row of <paramref name="table"/> made with <paramref name="idempotencyKey"/> when it was made by the same request
    /// (its hash); null when the key was used for a different request.
    /// </summary>
    public static async Task<T?> ReplayAsync<T>(NpgsqlTransaction transaction, string table, string columns, string idempotencyKey, byte[] requestHash,
        CancellationToken ct) where T : class
    {
        var row = await transaction.SingleOrDefaultAsync<T>($"select {columns} from {table} where idempotency_key = @idempotencyKey", new { idempotencyKey }, ct)
                  ?? throw new InvalidOperationException($"No {table} row has the key its insert found taken.");
        var hash = await transaction.ScalarAsync<byte[]>($"select request_hash from {table} where idempotency_key = @idempotencyKey", new { idempotencyKey }, ct);
        return hash.AsSpan().SequenceEqual(requestHash) ? row : null;
    }
}
