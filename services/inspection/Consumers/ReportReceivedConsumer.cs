using MassTransit;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Consumers;

/// <summary>
/// A report reached intake: inspection counts it for the divisions and units it is about (the subjects' own, from the
/// directory; the receiving division when no subject is known) and remembers the cadres it names. Nothing of the reporter.
/// A report a team received for its tour keeps the tour's id, so the tour finds it whatever it is about.
/// An inspector it names who serves on a tour in progress is now the subject of an open report: they are recused there.
/// </summary>
public sealed class ReportReceivedConsumer(NpgsqlDataSource dataSource, CityDirectory directory, TeamConflicts teamConflicts, TimeProvider time)
    : InboxConsumer<ReportReceived>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ReportReceived> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var report = context.Message;
        var units = new HashSet<string>(StringComparer.Ordinal);
        var divisions = new HashSet<string>(StringComparer.Ordinal);
        var cadres = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in report.Subjects)
        {
            if (subject.CadreId is { } cadreId && directory.FindCadre(cadreId) is { } cadre)
            {
                cadres.Add(cadre.Id);
                units.Add(cadre.UnitId);
                divisions.Add(cadre.DivisionCode);
            }
            else if (subject.UnitId is { } unitId && directory.FindUnit(unitId) is { } unit)
            {
                units.Add(unit.Id);
                divisions.Add(unit.DivisionCode);
            }
            else if (subject.DivisionCode is { } code && directory.FindDivision(code) is not null)
            {
                divisions.Add(code);
            }
        }
        if (divisions.Count == 0)
        {
            divisions.Add(report.ReceivingDivisionCode);
        }
        await ProjectionStore.ReportReceivedAsync(transaction, report.ReportId, report.ReceivedAt, divisions, units, cadres, report.TourId,
            context.CancellationToken);
        var inspectors = await InspectorStore.OfCadresAsync(transaction, cadres, context.CancellationToken);
        await teamConflicts.RecheckServingAsync(transaction, inspectors, TeamConflicts.ReportReceivedSource, time.GetUtcNow(), context.CancellationToken);
    }
}
