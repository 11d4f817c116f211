using System.Text;
using Dapper;
using Npgsql;

namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>Every row of every table of a database as text, to search for what must never be stored.</summary>
public static class DatabaseDump
{
    public static async Task<string> AllRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var tables = await connection.QueryAsync<string>("select tablename from pg_tables where schemaname = 'public'");
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            foreach (var row in await connection.QueryAsync<string>($"select row_to_json(t)::text from \"{table}\" t"))
            {
                dump.AppendLine(row);
            }
        }
        return System.Text.RegularExpressions.Regex.Unescape(dump.ToString());
    }

    /// <summary>How <paramref name="text"/> would read in a bytea column (row_to_json shows bytea as lower-case hex).</summary>
    public static string AsBytea(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text)).ToLowerInvariant();
}
