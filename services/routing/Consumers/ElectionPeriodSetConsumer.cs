using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>Intake set an election period: reports about its divisions received in it run on the election clock.</summary>
public sealed class ElectionPeriodSetConsumer(NpgsqlDataSource dataSource) : InboxConsumer<ElectionPeriodSet>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<ElectionPeriodSet> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ElectionPeriodStore.SetAsync(transaction, context.Message, context.CancellationToken);
}
