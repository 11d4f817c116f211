using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Supervision.Benchmarks;

/// <summary>
/// The most intake could do on this PostgreSQL server: single-row autocommit INSERTs of a report-sized row,
/// at the same concurrency, each on a connection from the pool as a request handler would take one.
/// </summary>
public sealed class PostgresCeiling(string serverConnectionString)
{
    public const string Database = "benchmark_ceiling";
    private const string Table = "ceiling_reports";
    private const int WarmUpInserts = 50;

    public async Task<PhaseResult> RunAsync(int inserts, int concurrency, CancellationToken ct)
    {
        await EnsureDatabaseAsync(ct);
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Database };
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, concurrency);
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);

        await ExecuteAsync(dataSource, $"drop table if exists {Table}", ct);
        await ExecuteAsync(dataSource,
            $"""
            create table {Table} (
                id uuid primary key,
                receiving_division_code text not null,
                account text not null,
                subjects jsonb not null,
                identity_sealed bytea,
                received_at timestamptz not null
            )
            """, ct);
        try
        {
            // Fills the pool and prepares the server as intake's own warm-up does, outside the measurement.
            await InsertAllAsync(dataSource, WarmUpInserts, concurrency, ct);
            return await InsertAllAsync(dataSource, inserts, concurrency, ct);
        }
        finally
        {
            await ExecuteAsync(dataSource, $"drop table if exists {Table}", CancellationToken.None);
        }
    }

    private static async Task<PhaseResult> InsertAllAsync(NpgsqlDataSource dataSource, int inserts, int concurrency, CancellationToken ct)
    {
        var recorder = new LatencyRecorder();
        var elapsed = await LoadRunner.RunAsync(inserts, concurrency, async (sequence, token) =>
        {
            var report = SampleReports.Create(sequence);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(token);
                await using var insert = new NpgsqlCommand(
                    $"insert into {Table} (id, receiving_division_code, account, subjects, identity_sealed, received_at) values ($1, $2, $3, $4, $5, $6)",
                    connection)
                {
                    Parameters =
                    {
                        new() { Value = Guid.CreateVersion7() },
                        new() { Value = report.ReceivingDivisionCode },
                        new() { Value = report.Account },
                        new() { Value = $$"""[{"cadreId":"{{report.Subjects[0].CadreId}}"}]""", NpgsqlDbType = NpgsqlDbType.Jsonb },
                        // The size of a sealed identity: nonce, ciphertext and tag.
                        new() { Value = RandomNumberGenerator.GetBytes(96) },
                        new() { Value = DateTime.UtcNow },
                    },
                };
                await insert.ExecuteNonQueryAsync(token);
                recorder.Succeeded(started);
            }
            catch (PostgresException e)
            {
                recorder.Failed(e.SqlState);
            }
            catch (NpgsqlException e)
            {
                recorder.Failed(e.GetType().Name);
            }
        }, ct);
        return recorder.Summarize("PostgreSQL single-row INSERT (ceiling)", elapsed);
    }

    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        await using var server = NpgsqlDataSource.Create(serverConnectionString);
        await using var exists = server.CreateCommand("select 1 from pg_database where datname = $1");
        exists.Parameters.Add(new() { Value = Database });
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await ExecuteAsync(server, $"create database {Database}", ct);
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
