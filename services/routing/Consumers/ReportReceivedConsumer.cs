using MassTransit;
using Npgsql;
using Supervision.Contracts.Events;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>Every report becomes a case (or joins one) at the unit with authority.</summary>
public sealed class ReportReceivedConsumer(NpgsqlDataSource dataSource, CaseWorkflow workflow, DirectoryMaintenance maintenance,
    TimeProvider time) : InboxConsumer<ReportReceived>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ReportReceived> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        // Route by every directory change made before now, even one made through another instance moments ago.
        await maintenance.CatchUpAsync(context.CancellationToken);
        await workflow.OpenAsync(connection, transaction, context.Message, time.GetUtcNow(), context.CancellationToken);
    }
}

public sealed class ReportReceivedConsumerDefinition : ConsumerDefinition<ReportReceivedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReportReceivedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Transient faults (a restarting database) are retried; what still fails goes to the error queue for replay.
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 5000));
    }
}
