using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>Intake deleted an election period: it no longer puts reports on the election clock.</summary>
public sealed class ElectionPeriodDeletedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<ElectionPeriodDeleted>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<ElectionPeriodDeleted> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ElectionPeriodStore.DeleteAsync(transaction, context.Message, context.CancellationToken);
}
