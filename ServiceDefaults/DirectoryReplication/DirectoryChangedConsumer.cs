using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.ServiceDefaults.DirectoryReplication;

/// <summary>Routing's directory changed: the change joins this service's replica, which every instance applies.</summary>
public sealed class DirectoryChangedConsumer(NpgsqlDataSource dataSource, DirectoryReplica replica) : InboxConsumer<DirectoryChanged>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<DirectoryChanged> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        DirectoryReplica.RecordAsync(connection, transaction, context.Message, context.CancellationToken);

    // The receiving instance applies it at once; the others at their next poll.
    protected override void Committed(ConsumeContext<DirectoryChanged> context) => replica.Apply(context.Message);
}
