using MassTransit;
using Npgsql;
using Supervision.Intake.Data;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Contracts.Events.Routing;

namespace Supervision.Intake.Consumers;

/// <summary>The lead unit's assignment moves the reports to ASSIGNED; a co-unit only adds to the timeline.</summary>
public sealed class CaseAssignedConsumer(NpgsqlDataSource dataSource, ReportStore store, ILogger<CaseAssignedConsumer> logger)
    : InboxConsumer<CaseAssigned>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseAssigned> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var assigned = context.Message;
        // Unit names are public; routing's reason names the accused cadre and stays with the staff.
        var progress = assigned.Lead
            ? new CaseProgress("assigned", $"Assigned to {assigned.UnitName} for handling", assigned.At, ReportState.Assigned)
            : new CaseProgress("assigned", $"{assigned.UnitName} joins the handling as a co-operating unit", assigned.At);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, assigned.ReportIds, progress, context.CancellationToken);
        logger.CaseProgressRecorded(assigned.CaseId, assigned.Lead ? "lead assignment" : "co-unit assignment", recorded, assigned.ReportIds.Count);
    }
}
