using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Consumers;

/// <summary>
/// Intake set an election period: reports about its divisions received in it run on the election clock, and the
/// 24-hour duty of the units that handle them is checked at once (gaps warned of, the daily check scheduled).
/// </summary>
public sealed class ElectionPeriodSetConsumer(NpgsqlDataSource dataSource, DutyCoverage coverage, TimeProvider time)
    : InboxConsumer<ElectionPeriodSet>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ElectionPeriodSet> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await ElectionPeriodStore.SetAsync(transaction, context.Message, context.CancellationToken);
        await coverage.CheckAsync(transaction, time.GetUtcNow(), context.CancellationToken);
    }
}
