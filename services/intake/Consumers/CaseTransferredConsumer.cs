using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Data;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Consumers;

/// <summary>Another unit now handles the case; the state stays where it is.</summary>
public sealed class CaseTransferredConsumer(NpgsqlDataSource dataSource, ReportStore store, CityDirectory directory,
    ILogger<CaseTransferredConsumer> logger) : InboxConsumer<CaseTransferred>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseTransferred> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var transferred = context.Message;
        // A transfer's reason is a dispatcher's free text and may name people: the reporter sees only where the case went.
        var unit = directory.FindUnit(transferred.ToUnitId)?.Name ?? "another unit";
        var progress = new CaseProgress("transferred", $"Transferred to {unit} for handling", transferred.At);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, transferred.ReportIds, progress, context.CancellationToken);
        logger.CaseProgressRecorded(transferred.CaseId, progress.Kind, recorded, transferred.ReportIds.Count);
    }
}
