using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Inspection.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Consumers;

/// <summary>Intake set an election period: a leadership election due soon makes a division a stronger candidate.</summary>
public sealed class ElectionPeriodSetConsumer(NpgsqlDataSource dataSource) : InboxConsumer<ElectionPeriodSet>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<ElectionPeriodSet> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ProjectionStore.SetElectionPeriodAsync(transaction, context.Message.ElectionPeriodId, context.Message.DivisionCode, context.Message.StartsAt,
            context.Message.EndsAt, deleted: false, context.CancellationToken);
}

public sealed class ElectionPeriodDeletedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<ElectionPeriodDeleted>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<ElectionPeriodDeleted> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ProjectionStore.SetElectionPeriodAsync(transaction, context.Message.ElectionPeriodId, context.Message.DivisionCode, context.Message.StartsAt,
            context.Message.EndsAt, deleted: true, context.CancellationToken);
}
