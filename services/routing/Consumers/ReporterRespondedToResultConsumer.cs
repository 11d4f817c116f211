using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>A real-name reporter accepted or disputed the result (by receipt code, in intake).</summary>
public sealed class ReporterRespondedToResultConsumer(NpgsqlDataSource dataSource, CaseConclusion conclusion)
    : InboxConsumer<ReporterRespondedToResult>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<ReporterRespondedToResult> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        conclusion.RecordResponseAsync(transaction, context.Message.ReportId, context.Message.Accepted, context.Message.At, context.CancellationToken);
}
