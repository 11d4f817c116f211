using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>A reporter's supplement shows on the case timeline; handlers read its text in intake.</summary>
public sealed class ReportSupplementedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<ReportSupplemented>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ReportSupplemented> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var report = context.Message;
        // The report's case is not open yet: retry until ReportReceived was handled.
        var caseId = await CaseStore.CaseOfReportAsync(transaction, report.ReportId, context.CancellationToken)
                     ?? throw new InvalidOperationException($"Report {report.ReportId} has no case yet.");
        await CaseStore.AddTimelineAsync(transaction, caseId, report.At, "supplemented", "", "reporter",
            CaseWording.Supplemented(report.ReportId, report.Length), context.CancellationToken);
    }
}
