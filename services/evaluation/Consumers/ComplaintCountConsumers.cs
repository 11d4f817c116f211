using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Evaluation.Domain.Draws;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Evaluation.Consumers;

/// <summary>Intake received a report: the units it is about (a cadre counts for the cadre's unit) are its complaint's units.</summary>
public sealed class ComplaintReceivedConsumer(NpgsqlDataSource dataSource, CityDirectory directory, TargetedProposals proposals)
    : InboxConsumer<ReportReceived>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<ReportReceived> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var units = context.Message.Subjects
            .Select(s => s.CadreId is { } cadreId ? directory.FindCadre(cadreId)?.UnitId : s.UnitId is { } unitId ? directory.FindUnit(unitId)?.Id : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return proposals.ReportReceivedAsync(connection, transaction, context.Message.ReportId, units, context.Message.ReceivedAt, context.CancellationToken);
    }
}

/// <summary>Routing opened a case for a report (or joined it to one): the complaint counts.</summary>
public sealed class ComplaintCaseOpenedConsumer(NpgsqlDataSource dataSource, TargetedProposals proposals) : InboxConsumer<CaseOpened>(dataSource)
{
    protected override Task HandleAsync(ConsumeContext<CaseOpened> context, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        proposals.CaseOpenedAsync(connection, transaction, context.Message.ReportId, context.Message.CaseId, context.Message.At, context.CancellationToken);
}
