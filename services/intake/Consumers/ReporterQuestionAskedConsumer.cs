using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Platform;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Consumers;

/// <summary>A handler's question reaches the reporter through the receipt channel, as an unread staff message.</summary>
public sealed class ReporterQuestionAskedConsumer(NpgsqlDataSource dataSource, CaseProgressStore store, ILogger<ReporterQuestionAskedConsumer> logger)
    : InboxConsumer<ReporterQuestionAsked>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ReporterQuestionAsked> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var asked = context.Message;
        var added = await store.AddQuestionToReporterAsync(connection, transaction, asked.ReportId, asked.QuestionId, asked.Question, Roles.Handler,
            asked.At, PublicProgress.StaffMessage.Describe(), context.CancellationToken);
        if (added)
        {
            logger.LogInformation("Case {CaseId}: question {QuestionId} delivered to the reporter of {ReportId}", asked.CaseId, asked.QuestionId, asked.ReportId);
        }
        else
        {
            logger.LogWarning("Case {CaseId}: question {QuestionId} not delivered: report {ReportId} unknown or question already delivered",
                asked.CaseId, asked.QuestionId, asked.ReportId);
        }
    }
}
