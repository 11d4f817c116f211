using MassTransit;
using Npgsql;
using Supervision.Reporting.Domain;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Reporting.Consumers;

/// <summary>
/// Records one kind of event in the append-only log and its projections. Each closed type has its own queue, named
/// after the event (<c>reporting-case-assigned</c>); the inbox and the log's message id both keep a redelivery out.
/// A report or a closed case also moves the pre-appointment publicities of the cadres it names, in the same transaction.
/// </summary>
public sealed class EventLogConsumer<TEvent>(NpgsqlDataSource dataSource, AppointmentPublicity publicity) : InboxConsumer<TEvent>(dataSource)
    where TEvent : class
{
    protected override string ConsumerName { get; } = typeof(TEvent).Name + "Consumer";

    protected override async Task HandleAsync(ConsumeContext<TEvent> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        if (await EventLog.RecordAsync(transaction, context.MessageId!.Value, context.Message, context.CancellationToken,
                context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : null))
        {
            await publicity.ReviewAsync(transaction, context.Message, context.CancellationToken);
        }
    }
}
