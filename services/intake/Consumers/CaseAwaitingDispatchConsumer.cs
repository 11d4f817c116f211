using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Consumers;

/// <summary>The rules could not place the case; the reporter learns a dispatcher is choosing the unit.</summary>
public sealed class CaseAwaitingDispatchConsumer(NpgsqlDataSource dataSource, ReportStore store, ILogger<CaseAwaitingDispatchConsumer> logger)
    : InboxConsumer<CaseAwaitingDispatch>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseAwaitingDispatch> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var waiting = context.Message;
        // Routing's reason here explains why its rules failed: internal, so the reporter gets plain words.
        var progress = new CaseProgress("awaiting-dispatch", "Waiting for a dispatcher to choose the handling unit", waiting.At);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, waiting.ReportIds, progress, context.CancellationToken);
        logger.CaseProgressRecorded(waiting.CaseId, progress.Kind, recorded, waiting.ReportIds.Count);
    }
}
