using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>
/// The case while units work it: acknowledgement, investigation steps, questions to the reporter,
/// transfers and joint handling. Each action takes the case's row lock first and validates the
/// transition; a broken rule is a <see cref="DomainRuleException"/>.
/// </summary>
public sealed class CaseHandlingSteps(CaseAssignment assignment, CaseWording wording, RoutingRules rules, Outbox outbox)
{
    public async Task AcknowledgeAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        var task = await CaseLocks.TaskOfAsync(transaction, caseId, unitId, wording, ct);
        if (task.State != TaskStates.Assigned)
        {
            throw wording.AlreadyAcknowledged(task.State);
        }
        await CaseStore.AcknowledgeTaskAsync(transaction, caseId, unitId, now, ct);
        await DeadlineStore.MeetAsync(transaction, caseId, unitId, [DeadlineKinds.Acknowledge], now, ct);
        if (task.Lead && head.State == CaseStates.Assigned)
        {
            await CaseStore.SetStateAsync(transaction, caseId, CaseStates.Acknowledged, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "acknowledged", unitId, actor, wording.Acknowledged(unitId), ct);
        await outbox.EnqueueAsync(transaction, new CaseAcknowledged
        {
            CaseId = caseId, ReportIds = await CaseStore.ReportIdsAsync(transaction, caseId, ct), UnitId = unitId, At = now,
        }, ct);
    }

    public async Task RecordStepAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, string kind, string note, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        var task = await CaseLocks.TaskOfAsync(transaction, caseId, unitId, wording, ct);
        if (task.State is TaskStates.Contributed or TaskStates.Concluded or TaskStates.Transferred)
        {
            throw wording.NoFurtherSteps(task.State);
        }
        if (task.State == TaskStates.Assigned && task.AcknowledgeBy is not null)
        {
            throw wording.AcknowledgeBeforeInvestigating;
        }
        await CaseStore.StartInvestigationAsync(transaction, caseId, unitId, now, ct);
        await DeadlineStore.MeetAsync(transaction, caseId, unitId, [DeadlineKinds.Acknowledge, DeadlineKinds.InvestigationStart], now, ct);
        if (task.Lead && head.State is CaseStates.Assigned or CaseStates.Acknowledged)
        {
            await CaseStore.SetStateAsync(transaction, caseId, CaseStates.UnderInvestigation, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "step:" + kind, unitId, actor, note, ct);
    }

    public async Task AskReporterAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, string question, string actor, DateTimeOffset now,
        CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        await CaseLocks.TaskOfAsync(transaction, caseId, unitId, wording, ct);
        if (head.State >= CaseStates.Concluded)
        {
            throw wording.QuestionsGoThroughFeedback;
        }
        foreach (var reportId in await CaseStore.ReportIdsAsync(transaction, caseId, ct))
        {
            await outbox.EnqueueAsync(transaction, new ReporterQuestionAsked
            {
                CaseId = caseId, ReportId = reportId, QuestionId = Guid.CreateVersion7(), Question = question, At = now,
            }, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "question", unitId, actor, CaseWording.Question(question), ct);
    }

    /// <summary>
    /// Moves the lead to another unit: from the dispatcher's queue, or by a manual transfer (capped, no loops).
    /// <paramref name="authorize"/> sees the case under its lock and throws if the caller may not give it away.
    /// </summary>
    public async Task TransferAsync(NpgsqlTransaction transaction, Guid caseId, Unit to, Phrase reason, string actor, DateTimeOffset now,
        Action<CaseHead> authorize, CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        authorize(head);
        var lead = head.LeadUnitId;
        if (head.State >= CaseStates.Concluded)
        {
            throw wording.ConcludedCannotTransfer;
        }
        if (lead == to.Id)
        {
            throw wording.Refusal(CaseWording.AlreadyLeads(to));
        }
        if (lead is not null && head.Transfers >= rules.MaxTransfers)
        {
            throw wording.TooManyTransfers(head.Transfers, rules.MaxTransfers);
        }
        if ((await CaseStore.LeadsAsync(transaction, caseId, ct)).Contains(to.Id))
        {
            throw wording.TransferLoop(to);
        }

        if (lead is not null)
        {
            await CaseStore.TransferTaskAsync(transaction, caseId, lead, ct);
            await DeadlineStore.MeetAsync(transaction, caseId, lead, DeadlineKinds.OfTasks, now, ct);
            await DeadlineStore.MeetPhoneNoticesToAsync(transaction, caseId, lead, now, ct);
        }
        else
        {
            await DeadlineStore.MeetAsync(transaction, caseId, null, [DeadlineKinds.Dispatch], now, ct);
        }
        await CaseStore.SetLeadAsync(transaction, caseId, to.Id, countsAsTransfer: lead is not null, ct);
        if (lead is null && head.SubjectCadreId is null && (await CaseStore.AccusedUnitsAsync(transaction, caseId, ct)).Count == 0)
        {
            // No report names an accused in the directory: the unit the dispatcher placed the case with answers for it.
            await CaseStore.AddAccusedUnitsAsync(transaction, caseId, [to.Id], AccusedUnits.FromDispatch, now, ct);
        }
        await CaseStore.AddDecisionAsync(transaction, caseId, now, lead is null ? "dispatch" : "manual-transfer", to.Id, reason, ct);
        // A co-unit promoted to lead starts again as the lead, with a fresh clock: its old deadlines are superseded.
        await DeadlineStore.MeetAsync(transaction, caseId, to.Id, DeadlineKinds.OfTasks, now, ct);
        await DeadlineStore.MeetPhoneNoticesToAsync(transaction, caseId, to.Id, now, ct);
        await CaseStore.RemoveTaskAsync(transaction, caseId, to.Id, ct);
        // A fresh acknowledgement window from now, but the close still runs from receipt: the case's deadline is the lead's.
        await assignment.AssignAsync(transaction, caseId, to, lead: true, head.ElectionClock, now, reason, ct, closeBy: head.CloseByUtc);
        if (lead is not null)
        {
            await outbox.EnqueueAsync(transaction, new CaseTransferred
            {
                CaseId = caseId, ReportIds = await CaseStore.ReportIdsAsync(transaction, caseId, ct), FromUnitId = lead, ToUnitId = to.Id,
                Reason = reason.Neutral, At = now,
            }, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, lead is null ? "dispatched" : "transferred", to.Id, actor,
            CaseWording.Moved(to, dispatched: lead is null, reason), ct);
    }

    public async Task AddCoUnitsAsync(NpgsqlTransaction transaction, Guid caseId, IReadOnlyList<Unit> units, Phrase reason, string actor,
        DateTimeOffset now, Action<CaseHead> authorize, CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        authorize(head);
        if (head.State is CaseStates.AwaitingDispatch or >= CaseStates.Concluded)
        {
            throw wording.JointNeedsLeadAndOpenCase;
        }
        var existing = (await CaseStore.UnitsAsync(transaction, caseId, ct)).ToHashSet();
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].Id == head.LeadUnitId)
            {
                throw new UnitAlreadyInCaseException(i, CaseWording.AlreadyLeads(units[i]));
            }
            if (existing.Contains(units[i].Id))
            {
                throw new UnitAlreadyInCaseException(i, CaseWording.AlreadyCoUnit(units[i]));
            }
        }
        foreach (var unit in units)
        {
            await CaseStore.AddDecisionAsync(transaction, caseId, now, "joint", unit.Id, reason, ct);
            await assignment.AssignAsync(transaction, caseId, unit, lead: false, head.ElectionClock, now, reason, ct, closeBy: head.CloseByUtc);
            await CaseStore.AddTimelineAsync(transaction, caseId, now, "joint", unit.Id, actor, CaseWording.JoinsCase(unit, reason), ct);
        }
    }
}
