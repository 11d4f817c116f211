using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.DirectoryReplication;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>Every report becomes a case (or joins one) at the unit with authority.</summary>
public sealed class ReportReceivedConsumer(NpgsqlDataSource dataSource, CaseOpening opening, DirectoryReplica replica,
    TimeProvider time) : InboxConsumer<ReportReceived>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ReportReceived> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        // Route by every change recorded before now, even one recorded through another instance a moment
        // ago (a cheap indexed read of the replica that usually finds nothing new), on this message's own connection.
        await replica.CatchUpAsync(transaction, context.CancellationToken);
        await opening.OpenAsync(transaction, context.Message, time.GetUtcNow(), context.CancellationToken);
    }
}
