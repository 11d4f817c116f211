using MassTransit;
using Npgsql;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Evaluation.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Evaluation.Consumers;

/// <summary>Intake received a report on one of evaluation's referral channels: the first step of what became of it.</summary>
public sealed class ReferralReceivedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<ReportReceived>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<ReportReceived> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        context.Message.Channel is ReportChannel.CitizenSupervisorReferral or ReportChannel.WorkSupervisorReferral
            ? ReferralProgressStore.ReceivedAsync(transaction, context.Message.ReportId, context.Message.ReceivedAt, context.CancellationToken)
            : Task.CompletedTask;
}

/// <summary>Routing opened a case for the report (or joined it to one).</summary>
public sealed class ReferralCaseOpenedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseOpened>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseOpened> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ReferralProgressStore.OpenedAsync(transaction, context.Message.ReportId, context.Message.CaseId, context.CancellationToken);
}

/// <summary>The lead unit was given the case: the report was routed to it.</summary>
public sealed class ReferralCaseAssignedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseAssigned>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseAssigned> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        context.Message.Lead
            ? ReferralProgressStore.RoutedAsync(transaction, context.Message.ReportIds, context.Message.CaseId, context.Message.UnitId,
                context.Message.At, context.CancellationToken)
            : Task.CompletedTask;
}

/// <summary>The case moved to another unit, which handles it from now on.</summary>
public sealed class ReferralCaseTransferredConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseTransferred>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseTransferred> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ReferralProgressStore.RoutedAsync(transaction, context.Message.ReportIds, context.Message.CaseId, context.Message.ToUnitId, context.Message.At,
            context.CancellationToken);
}

public sealed class ReferralCaseAcknowledgedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseAcknowledged>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseAcknowledged> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ReferralProgressStore.AcknowledgedAsync(transaction, context.Message.ReportIds, context.Message.CaseId, context.Message.At,
            context.CancellationToken);
}

public sealed class ReferralCaseConcludedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseConcluded>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseConcluded> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ReferralProgressStore.ConcludedAsync(transaction, context.Message.ReportIds, context.Message.CaseId, context.Message.OutcomeKey,
            context.Message.Outcome, context.Message.PublicSummary, context.Message.At, context.CancellationToken);
}

public sealed class ReferralCaseClosedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseClosed>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseClosed> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ReferralProgressStore.ClosedAsync(transaction, context.Message.ReportIds, context.Message.CaseId, context.Message.ReasonKey, context.Message.At,
            context.CancellationToken);
}

/// <summary>A dispute reopened the case: its earlier conclusion and closing no longer count until it is concluded again.</summary>
public sealed class ReferralCaseReopenedConsumer(NpgsqlDataSource dataSource) : InboxConsumer<CaseReopened>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseReopened> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ReferralProgressStore.ReopenedAsync(transaction, context.Message.ReportIds, context.Message.CaseId, context.Message.Reason, context.Message.At,
            context.CancellationToken);
}
