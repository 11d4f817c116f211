using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.ServiceDefaults.DirectoryReplication;

/// <summary>
/// The one way every service keeps its copy of the city directory current: directory changes are rows of
/// the service's own database (<c>directory_replica</c>), written once by whoever learns of them (routing
/// when it records a change, other services when <c>DirectoryChanged</c> arrives), and every instance
/// applies the rows it has not applied yet. A change older than one already applied to the same unit or
/// cadre is skipped, so late or repeated deliveries never move the directory back.
/// </summary>
public sealed class DirectoryReplica(NpgsqlDataSource dataSource, CityDirectory directory, ILogger<DirectoryReplica> logger)
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _applying = new(1, 1);
    private long _appliedSequence;

    /// <summary>Records a change in the caller's transaction; a change already recorded is ignored.</summary>
    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DirectoryChanged change, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "insert into directory_replica (version, payload) values (@version, @payload::jsonb) on conflict (version) do nothing",
            new { version = change.Version, payload = JsonSerializer.Serialize(change, EventSerializer.Options) }, transaction,
            cancellationToken: ct));

    /// <summary>Applies the recorded changes this instance has not applied yet; returns how many.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await CatchUpAsync(connection, null, ct);
    }

    /// <summary>
    /// As <see cref="CatchUpAsync(CancellationToken)"/>, read through the caller's transaction (a consumer's: no second
    /// connection from the pool). Concurrent callers wait for each other only when there is something to apply.
    /// </summary>
    public Task<int> CatchUpAsync(NpgsqlTransaction transaction, CancellationToken ct) => CatchUpAsync(transaction.Connection!, transaction, ct);

    private async Task<int> CatchUpAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<(long Sequence, string Payload)>(new CommandDefinition(
            "select sequence, payload::text from directory_replica where sequence > @after order by sequence",
            new { after = Interlocked.Read(ref _appliedSequence) }, transaction, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return 0;
        }
        await _applying.WaitAsync(ct);
        try
        {
            // Another caller may have applied some of them meanwhile.
            var applied = 0;
            foreach (var (sequence, payload) in rows.Where(r => r.Sequence > Interlocked.Read(ref _appliedSequence)))
            {
                Apply(JsonSerializer.Deserialize<DirectoryChanged>(payload, EventSerializer.Options)!);
                Interlocked.Exchange(ref _appliedSequence, sequence);
                applied++;
            }
            if (applied > 0)
            {
                logger.LogInformation("Applied {Count} directory change(s)", applied);
            }
            return applied;
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>Applies a change at once (its writer's own instance), unless a newer one was applied.</summary>
    public void Apply(DirectoryChanged change)
    {
        lock (_versions)
        {
            var key = change.Unit is { } unit ? "unit/" + unit.Id : "cadre/" + change.Cadre?.Id;
            if (_versions.GetValueOrDefault(key) >= change.Version)
            {
                return;
            }
            _versions[key] = change.Version;
            directory.Apply(change);
        }
    }
}
