using Dapper;
using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>A reporter's supplement shows on the case timeline; handlers read its text in intake.</summary>
public sealed class ReportSupplementedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<ReportSupplemented>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ReportSupplemented> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var caseId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select case_id from case_reports where report_id = @ReportId", new { context.Message.ReportId }, transaction,
            cancellationToken: context.CancellationToken));
        if (caseId is null)
        {
            // The report's case is not open yet: retry until ReportReceived was handled.
            throw new InvalidOperationException($"Report {context.Message.ReportId} has no case yet.");
        }
        await CaseWorkflow.TimelineAsync(connection, transaction, caseId.Value, context.Message.At, "supplemented", "", "reporter",
            $"The reporter added information ({context.Message.Length} characters) to report {context.Message.ReportId}", context.CancellationToken);
    }
}
