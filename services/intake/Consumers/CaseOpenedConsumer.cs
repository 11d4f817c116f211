using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Consumers;

/// <summary>A report that joined an open case tells its reporter so; a case opened for the report alone shows when it is assigned.</summary>
public sealed class CaseOpenedConsumer(NpgsqlDataSource dataSource, ReportStore store, ILogger<CaseOpenedConsumer> logger)
    : InboxConsumer<CaseOpened>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseOpened> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var opened = context.Message;
        if (!opened.AttachedToExistingCase)
        {
            return;
        }
        var progress = new CaseProgress("attached", "Handled together with earlier reports about the same matter", opened.At);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, [opened.ReportId], progress, context.CancellationToken);
        logger.CaseProgressRecorded(opened.CaseId, progress.Kind, recorded, 1);
    }
}
