using MassTransit;
using Npgsql;
using Supervision.Intake.Data;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;

namespace Supervision.Intake.Consumers;

/// <summary>The lead unit concluded the case: the reporter reads the result as the unit announces it.</summary>
public sealed class CaseConcludedConsumer(NpgsqlDataSource dataSource, ReportStore store, CityDirectory directory,
    ILogger<CaseConcludedConsumer> logger) : InboxConsumer<CaseConcluded>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseConcluded> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var concluded = context.Message;
        var unit = directory.FindUnit(concluded.UnitId)?.Name ?? "the handling unit";
        var progress = new CaseProgress("concluded", $"Concluded by {unit}: {concluded.PublicSummary.Trim()}", concluded.At, ReportState.Concluded);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, concluded.ReportIds, progress, context.CancellationToken);
        logger.CaseProgressRecorded(concluded.CaseId, progress.Kind, recorded, concluded.ReportIds.Count);
    }
}
