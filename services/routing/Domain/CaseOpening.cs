using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>
/// A report becomes a case at the unit with authority, or joins the open case about the same cadre and
/// matter. Runs in the caller's transaction and writes its events to the outbox. Its writes are held back and
/// sent together (<see cref="WriteBehind"/>): a new case costs a handful of round trips, not one per row.
/// </summary>
public sealed class CaseOpening(RoutingEngine engine, ClockPolicy clocks, CaseAssignment assignment, CaseWording wording, UnitNotifier notifier, CityDirectory directory,
    Outbox outbox, ILogger<CaseOpening> logger)
{
    public async Task OpenAsync(NpgsqlTransaction transaction, ReportReceived report, DateTimeOffset now, CancellationToken ct)
    {
        using var writes = WriteBehind.Begin(transaction);
        await OpenOrAttachAsync(transaction, report, now, ct);
        await writes.EndAsync(ct);
    }

    private async Task OpenOrAttachAsync(NpgsqlTransaction transaction, ReportReceived report, DateTimeOffset now, CancellationToken ct)
    {
        if (await CaseStore.HoldsReportAsync(transaction, report.ReportId, ct))
        {
            return;
        }
        var plan = engine.Route(report);
        var category = RoutingRules.CategoryName(report.Category);
        var subjects = engine.SubjectAncestries(report);
        var periods = await ElectionPeriodStore.ForDivisionsAsync(transaction, subjects.SelectMany(chain => chain).ToHashSet(), ct);
        var electionClock = ClockPolicy.IsElectionClock(report, subjects, periods);

        if (plan.SubjectCadreId is not null)
        {
            // Serialise reports about the same cadre and matter, so concurrent ones share one case.
            if (await CaseStore.LockSubjectAndFindOpenCaseAsync(transaction, plan.SubjectCadreId, category, ct) is { } existing)
            {
                await AttachAsync(transaction, existing, report, electionClock, now, ct);
                return;
            }
        }

        // Every notice of a new case goes to units the plan names; who is on duty there is read once, before the writes.
        var dispatcher = engine.DispatchUnitAt(plan.ReceivingLevel);
        using var onDuty = await notifier.KnowOnDutyAsync(transaction,
            new[] { plan.Lead, dispatcher, engine.DispatchUnitAt(report.ReceivingDivisionCode) }.OfType<Unit>().Concat(plan.CoUnits), now, ct);
        var caseId = Guid.CreateVersion7();
        await CaseStore.InsertAsync(transaction, new NewCase(caseId, plan.AwaitsDispatch ? CaseStates.AwaitingDispatch : CaseStates.Assigned,
            category, electionClock, plan.SubjectCadreId, report.ReceivingDivisionCode, plan.AwaitsDispatch ? plan.ReceivingLevel : null,
            plan.Lead?.Id, now, clocks.CloseBy(electionClock, report.ReceivedAt)), ct);
        await AttachReportAsync(transaction, caseId, report, now, ct);
        for (var i = 0; i < plan.Accused.Count; i++)
        {
            await CaseStore.AddAccusedAsync(transaction, caseId, i, plan.Accused[i].CadreId, plan.Accused[i].UnitId, plan.Accused[i].MostSenior, ct);
        }
        foreach (var decision in plan.Decisions)
        {
            await CaseStore.AddDecisionAsync(transaction, caseId, now, decision.Kind, decision.UnitId, decision.Reason, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "opened", "", "routing",
            CaseWording.Opened(report.TrackingNumber, category, electionClock), ct);
        await outbox.EnqueueAsync(transaction, new CaseOpened
        {
            CaseId = caseId, ReportId = report.ReportId, AttachedToExistingCase = false, ElectionClock = electionClock, At = now,
        }, ct);

        if (plan.Lead is null)
        {
            await outbox.EnqueueAsync(transaction, new CaseAwaitingDispatch
            {
                CaseId = caseId, ReportIds = [report.ReportId], DivisionCode = plan.ReceivingLevel, Reason = plan.Decisions[^1].Reason.Neutral, At = now,
            }, ct);
            // The queue is on the clock too, from receipt: the dispatch unit's duty officer places the case in time or it escalates.
            if (dispatcher is not null)
            {
                await DeadlineStore.AddAsync(transaction, caseId, dispatcher.Id, DeadlineKinds.Dispatch, clocks.DispatchBy(electionClock, report.ReceivedAt), ct);
                await notifier.NotifyAsync(transaction, dispatcher.Id, caseId, "awaiting-dispatch",
                    wording.AwaitingDispatchNotice(electionClock, plan.Decisions[^1].Reason), now, ct);
            }
            logger.LogInformation("Case {CaseId} waits for a dispatcher in {Division}", caseId, plan.ReceivingLevel);
            return;
        }

        var leadReason = plan.Decisions.Last(d => d.UnitId == plan.Lead.Id && d.Kind is "assign" or "transfer").Reason;
        // Clocks count from receipt at the intake centre, however long the report took to reach routing.
        var opened = new OpenedCase([report.ReportId], report.ReceivingDivisionCode);
        await assignment.AssignAsync(transaction, caseId, plan.Lead, lead: true, electionClock, now, leadReason, ct, clockFrom: report.ReceivedAt,
            opened: opened);
        foreach (var co in plan.CoUnits)
        {
            await assignment.AssignAsync(transaction, caseId, co, lead: false, electionClock, now, plan.Decisions.Last(d => d.UnitId == co.Id).Reason, ct,
                clockFrom: report.ReceivedAt, opened: opened);
        }
        logger.LogInformation("Case {CaseId} assigned to {Lead} with {CoUnits} co-unit(s)", caseId, plan.Lead.Id, plan.CoUnits.Count);
    }

    private async Task AttachAsync(NpgsqlTransaction transaction, Guid caseId, ReportReceived report, bool electionClock, DateTimeOffset now,
        CancellationToken ct)
    {
        await AttachReportAsync(transaction, caseId, report, now, ct);
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "report-attached", "", "routing", CaseWording.ReportAttached(report.TrackingNumber), ct);
        if (electionClock)
        {
            await assignment.MoveToElectionClockAsync(transaction, caseId, report.ReceivedAt, now, ct);
        }
        // The new report's reporter follows the case from where it stands.
        var current = await CaseLocks.LockAsync(transaction, caseId, ct);
        if (current.LeadUnitId is not null)
        {
            await outbox.EnqueueAsync(transaction, new CaseAssigned
            {
                CaseId = caseId, ReportIds = [report.ReportId], UnitId = current.LeadUnitId, UnitName = wording.UnitName(current.LeadUnitId),
                Lead = true, Reason = CaseWording.JoinedOpenCase.Neutral, CloseBy = current.CloseByUtc, At = now,
            }, ct);
        }
        await outbox.EnqueueAsync(transaction, new CaseOpened
        {
            CaseId = caseId, ReportId = report.ReportId, AttachedToExistingCase = true, ElectionClock = electionClock, At = now,
        }, ct);
        logger.LogInformation("Report {ReportId} attached to case {CaseId}", report.ReportId, caseId);
    }

    /// <summary>The report joins the case, with the units it accuses.</summary>
    private async Task AttachReportAsync(NpgsqlTransaction transaction, Guid caseId, ReportReceived report, DateTimeOffset now, CancellationToken ct)
    {
        await CaseStore.AttachReportAsync(transaction, caseId, report.ReportId, report.RealName, now, ct);
        await CaseStore.AddAccusedUnitsAsync(transaction, caseId, AccusedUnits.Of(report, directory), AccusedUnits.FromReport, now, ct);
    }
}
