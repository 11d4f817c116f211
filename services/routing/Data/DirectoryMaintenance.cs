using System.Text.Json;
using Dapper;
using Npgsql;
using Supervision.Contracts.Events;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Reference;

namespace Supervision.Routing.Data;

/// <summary>
/// Directory changes are rows (the order every instance applies them in) and events (for other
/// services), written in one transaction. Each instance applies rows it has not seen yet.
/// </summary>
public sealed class DirectoryMaintenance(NpgsqlDataSource dataSource, Outbox outbox, CityDirectory directory)
{
    private long _applied;

    public async Task<DirectoryChanged> RecordAsync(string kind, string entityId, Func<long, DirectoryChanged> change, string changedBy,
        DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into directory_changes (entity_kind, entity_id, payload, changed_by, changed_at)
            values (@kind, @entityId, '{}', @changedBy, @at) returning id
            """, new { kind, entityId, changedBy, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        var changed = change(id);
        await connection.ExecuteAsync(new CommandDefinition("update directory_changes set payload = @payload::jsonb where id = @id",
            new { id, payload = JsonSerializer.Serialize(changed, EventSerializer.Options) }, transaction, cancellationToken: ct));
        await outbox.EnqueueAsync(connection, transaction, changed, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        directory.Apply(changed);
        return changed;
    }

    /// <summary>Applies the changes this instance has not applied yet; returns how many.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<(long Id, string Payload)>(new CommandDefinition(
            "select id, payload::text from directory_changes where id > @after order by id", new { after = Interlocked.Read(ref _applied) },
            cancellationToken: ct))).ToList();
        foreach (var (id, payload) in rows)
        {
            directory.Apply(JsonSerializer.Deserialize<DirectoryChanged>(payload, EventSerializer.Options)!);
            Interlocked.Exchange(ref _applied, id);
        }
        return rows.Count;
    }
}

/// <summary>Keeps this instance's directory current with changes made through any instance.</summary>
public sealed class DirectorySync(DirectoryMaintenance maintenance, ILogger<DirectorySync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        do
        {
            try
            {
                var applied = await maintenance.CatchUpAsync(stoppingToken);
                if (applied > 0)
                {
                    logger.LogInformation("Applied {Count} directory change(s)", applied);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Directory changes could not be read: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
