using MassTransit;
using Npgsql;
using Supervision.Intake.Data;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Contracts.Events.Routing;

namespace Supervision.Intake.Consumers;

/// <summary>
/// The single exit: real-name reporters read the result by receipt (and may accept or dispute it);
/// anonymous reporters see that it went to the leadership team of the accused's unit.
/// </summary>
public sealed class FeedbackGivenConsumer(NpgsqlDataSource dataSource, ReportStore store, ILogger<FeedbackGivenConsumer> logger)
    : InboxConsumer<FeedbackGiven>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<FeedbackGiven> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var feedback = context.Message;
        var toReporters = new CaseProgress("feedback", $"Result ({feedback.Outcome}): {feedback.Result.Trim()} — accept it or dispute it here",
            feedback.At, ReportState.FeedbackGiven);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, feedback.RealNameReportIds, toReporters, context.CancellationToken);
        var toLeadership = new CaseProgress("feedback-to-leadership",
            $"Result ({feedback.Outcome}) delivered to the leadership team of the unit concerned, collectively", feedback.At);
        recorded += await store.RecordCaseProgressAsync(connection, transaction, feedback.AnonymousReportIds, toLeadership, context.CancellationToken);
        logger.CaseProgressRecorded(feedback.CaseId, "feedback", recorded, feedback.RealNameReportIds.Count + feedback.AnonymousReportIds.Count);
    }
}

public sealed class CaseDisputedConsumer(NpgsqlDataSource dataSource, ReportStore store, ILogger<CaseDisputedConsumer> logger)
    : InboxConsumer<CaseDisputed>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseDisputed> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        // The disputing report recorded its own answer; this keeps a report that disputed elsewhere (a retry) in step.
        var progress = new CaseProgress("dispute-received", "The handling unit received the dispute", context.Message.At, ReportState.Disputed);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, [context.Message.ReportId], progress, context.CancellationToken);
        logger.CaseProgressRecorded(context.Message.CaseId, "dispute", recorded, 1);
    }
}

public sealed class CaseReopenedConsumer(NpgsqlDataSource dataSource, ReportStore store, ILogger<CaseReopenedConsumer> logger)
    : InboxConsumer<CaseReopened>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseReopened> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var recorded = await store.ReopenAsync(connection, transaction, context.Message.ReportIds, context.Message.At, context.CancellationToken);
        logger.CaseProgressRecorded(context.Message.CaseId, "reopened", recorded, context.Message.ReportIds.Count);
    }
}

public sealed class CaseClosedConsumer(NpgsqlDataSource dataSource, ReportStore store, ILogger<CaseClosedConsumer> logger)
    : InboxConsumer<CaseClosed>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseClosed> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        // The reason is the reporters' to read: a dispute closed with an explanation carries the explanation.
        var progress = new CaseProgress("closed", $"The case is closed: {context.Message.Reason}", context.Message.At, ReportState.Closed);
        var recorded = await store.RecordCaseProgressAsync(connection, transaction, context.Message.ReportIds, progress, context.CancellationToken);
        logger.CaseProgressRecorded(context.Message.CaseId, "closed", recorded, context.Message.ReportIds.Count);
    }
}
