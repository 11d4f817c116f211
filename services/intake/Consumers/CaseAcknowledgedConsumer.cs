using MassTransit;
using Npgsql;
using Supervision.Intake.Data;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;

namespace Supervision.Intake.Consumers;

/// <summary>The handling unit took the case up: the reports are under investigation.</summary>
public sealed class CaseAcknowledgedConsumer(NpgsqlDataSource dataSource, ReportStore store, CityDirectory directory,
    ILogger<CaseAcknowledgedConsumer> logger) : InboxConsumer<CaseAcknowledged>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseAcknowledged> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var acknowledged = context.Message;
        var unit = directory.FindUnit(acknowledged.UnitId)?.Name ?? "The handling unit";
        var progress = new CaseProgress("acknowledged", $"{unit} acknowledged the report and is investigating", acknowledged.At,
            ReportState.UnderInvestigation);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, acknowledged.ReportIds, progress, context.CancellationToken);
        logger.CaseProgressRecorded(acknowledged.CaseId, progress.Kind, recorded, acknowledged.ReportIds.Count);
    }
}
