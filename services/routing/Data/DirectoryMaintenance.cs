using System.Text.Json;
using Dapper;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.ServiceDefaults.DirectoryReplication;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Data;

/// <summary>
/// Routing owns the directory: each change is a row of its log (who changed what, when), a row of its
/// replica (which every routing instance applies) and an event (for every other service's replica),
/// written in one transaction.
/// </summary>
public sealed class DirectoryMaintenance(NpgsqlDataSource dataSource, Outbox outbox, DirectoryReplica replica)
{
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
        // Routing's own instances learn of the change the way every service does: from its replica.
        await DirectoryReplica.RecordAsync(connection, transaction, changed, ct);
        await outbox.EnqueueAsync(connection, transaction, changed, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        replica.Apply(changed);
        return changed;
    }
}
