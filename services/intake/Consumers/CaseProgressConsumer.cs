using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Consumers;

/// <summary>
/// Records a routing case event on the reports it names, as its entry in <see cref="PublicProgress.CaseEvents"/>
/// says. Its queue is named after the event (<c>intake-case-assigned</c>).
/// </summary>
public sealed class CaseProgressConsumer<TEvent>(NpgsqlDataSource dataSource, CaseProgressStore store, CityDirectory directory,
    ResultResponses responses, ILogger<CaseProgressConsumer<TEvent>> logger) : InboxConsumer<TEvent>(dataSource) where TEvent : class
{
    private static readonly CaseEvent<TEvent> Entry = PublicProgress.For<TEvent>();

    /// <summary>The name each event's consumer had as a class of its own, so the inbox still knows what it handled.</summary>
    protected override string ConsumerName { get; } = typeof(TEvent).Name + "Consumer";

    protected override async Task HandleAsync(ConsumeContext<TEvent> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var message = context.Message;
        foreach (var row in Entry.Rows)
        {
            var reportIds = row.Reports(message);
            if (reportIds.Count == 0)
            {
                continue;
            }
            var recorded = await store.RecordAsync(connection, transaction, reportIds, Entry.Describe(row, message, directory), context.CancellationToken);
            logger.CaseProgressRecorded(Entry.CaseId(message), row.Step.Id, recorded, reportIds.Count);
        }
        // A reporter may answer before the feedback reaches intake (routing gives it first): the answer goes on now.
        if (message is FeedbackGiven feedback)
        {
            await responses.SendPendingAnswersAsync(connection, transaction, feedback.RealNameReportIds, context.CancellationToken);
        }
    }
}
