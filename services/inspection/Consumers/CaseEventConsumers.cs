using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Inspection.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Consumers;

/// <summary>
/// Routing opened a case for a report (or joined it to one): the report's case, for substantiation and lateness, and when the
/// case was opened, for the tours in progress then.
/// </summary>
public sealed class CaseOpenedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseOpened>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseOpened> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var opened = context.Message;
        await ProjectionStore.LinkAsync(transaction, opened.CaseId, [opened.ReportId], context.CancellationToken);
        if (!opened.AttachedToExistingCase)
        {
            await ProjectionStore.CaseOpenedAsync(transaction, opened.CaseId, opened.At, context.CancellationToken);
        }
    }
}

/// <summary>The case was concluded: substantiated (fully or partly) or not.</summary>
public sealed class CaseConcludedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseConcluded>(dataSource)
{
    /// <summary>Routing's outcome names that count as substantiated.</summary>
    private static readonly HashSet<string> Substantiated = new(["substantiated", "partly substantiated"], StringComparer.OrdinalIgnoreCase);

    protected override async Task HandleAsync(ConsumeContext<CaseConcluded> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var concluded = context.Message;
        await ProjectionStore.LinkAsync(transaction, concluded.CaseId, concluded.ReportIds, context.CancellationToken);
        await ProjectionStore.MarkCaseAsync(transaction, concluded.CaseId, Substantiated.Contains(concluded.Outcome), late: false, closed: false,
            context.CancellationToken);
    }
}

/// <summary>A deadline of the case passed: it counts as handled late.</summary>
public sealed class CaseOverdueConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseOverdue>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseOverdue> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ProjectionStore.MarkCaseAsync(transaction, context.Message.CaseId, substantiated: null, late: true, closed: false, context.CancellationToken);
}

/// <summary>The case closed: its subjects are no longer under an open case.</summary>
public sealed class CaseClosedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseClosed>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<CaseClosed> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await ProjectionStore.LinkAsync(transaction, context.Message.CaseId, context.Message.ReportIds, context.CancellationToken);
        await ProjectionStore.MarkCaseAsync(transaction, context.Message.CaseId, substantiated: null, late: false, closed: true, context.CancellationToken);
    }
}
