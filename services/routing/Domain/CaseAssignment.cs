using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>
/// Gives a unit its part in a case (on opening, transfer and joint handling): a task on the case's
/// clock, its deadlines, the assignment event and a notice to the unit's duty officer.
/// </summary>
public sealed class CaseAssignment(ClockPolicy clocks, CaseWording wording, UnitNotifier notifier, PhoneNotices phoneNotices, Outbox outbox)
{
    /// <summary>
    /// Gives a unit its task; its deadlines run from <paramref name="clockFrom"/> (the receipt) when given, else from now.
    /// <paramref name="closeBy"/>, when given, is the case's closing deadline, which runs from receipt whoever holds the case.
    /// <paramref name="opened"/>, when given, is what the transaction that opened the case knows of it, so nothing is read back.
    /// </summary>
    public async Task AssignAsync(NpgsqlTransaction transaction, Guid caseId, Unit unit, bool lead, bool electionClock, DateTimeOffset now,
        Phrase reason, CancellationToken ct, DateTimeOffset? clockFrom = null, DateTimeOffset? closeBy = null, OpenedCase? opened = null)
    {
        var deadlines = clocks.For(electionClock, clockFrom ?? now);
        if (closeBy is { } caseCloseBy)
        {
            deadlines = deadlines with { CloseBy = caseCloseBy };
        }
        await CaseStore.InsertTaskAsync(transaction, caseId, unit.Id, lead, now, deadlines.AcknowledgeBy, deadlines.InvestigationStartBy,
            deadlines.CloseBy, ct);
        foreach (var (kind, due) in deadlines.ByKind())
        {
            await DeadlineStore.AddAsync(transaction, caseId, unit.Id, kind, due, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "assigned", unit.Id, "routing", CaseWording.Assigned(unit, lead), ct);
        await outbox.EnqueueAsync(transaction, new CaseAssigned
        {
            CaseId = caseId, ReportIds = opened?.ReportIds ?? await CaseStore.ReportIdsAsync(transaction, caseId, ct), UnitId = unit.Id, UnitName = unit.Name,
            Lead = lead, Reason = reason.Neutral, AcknowledgeBy = deadlines.AcknowledgeBy, CloseBy = deadlines.CloseBy, At = now,
        }, ct);
        await notifier.NotifyAsync(transaction, unit.Id, caseId, "assigned", wording.AssignedNotice(electionClock, lead, reason), now, ct);
        if (electionClock)
        {
            await phoneNotices.RequestAsync(transaction, caseId, unit.Id, clockFrom ?? now, now, ct, opened?.ReceivingDivisionCode);
        }
    }

    /// <summary>
    /// An election report joined a case on the ordinary clock: the whole case runs on the election clock from the
    /// report's receipt (acknowledge where not yet acknowledged; close by the election deadline if that is sooner).
    /// <see cref="CaseMovedToElectionClock"/> tells the other services the new deadlines, in the same transaction.
    /// </summary>
    public async Task MoveToElectionClockAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset receivedAt, DateTimeOffset now,
        CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        if (head.ElectionClock)
        {
            return;
        }
        var deadlines = clocks.For(electionClock: true, receivedAt);
        await CaseStore.MoveToElectionClockAsync(transaction, caseId, deadlines.CloseBy, ct);
        var toAcknowledge = new List<string>();
        foreach (var task in await CaseStore.OpenTasksAsync(transaction, caseId, ct))
        {
            if (!task.Acknowledged)
            {
                toAcknowledge.Add(task.UnitId);
                await CaseStore.SetAcknowledgeByAsync(transaction, caseId, task.UnitId, deadlines.AcknowledgeBy!.Value, ct);
                await DeadlineStore.AddAsync(transaction, caseId, task.UnitId, DeadlineKinds.Acknowledge, deadlines.AcknowledgeBy.Value, ct);
                await phoneNotices.RequestAsync(transaction, caseId, task.UnitId, now, now, ct);
            }
            if (deadlines.CloseBy.UtcDateTime < task.CloseBy)
            {
                await DeadlineStore.MeetAsync(transaction, caseId, task.UnitId, [DeadlineKinds.Close], now, ct);
                await CaseStore.SetCloseByAsync(transaction, caseId, task.UnitId, deadlines.CloseBy, ct);
                await DeadlineStore.AddAsync(transaction, caseId, task.UnitId, DeadlineKinds.Close, deadlines.CloseBy, ct);
            }
            await notifier.NotifyAsync(transaction, task.UnitId, caseId, "election-clock", wording.ElectionClockNotice, now, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "election-clock", "", "routing", CaseWording.ElectionClockStarted, ct);
        await outbox.EnqueueAsync(transaction, new CaseMovedToElectionClock
        {
            CaseId = caseId, UnitsToAcknowledge = toAcknowledge, AcknowledgeBy = deadlines.AcknowledgeBy!.Value,
            CloseBy = deadlines.CloseBy < head.CloseByUtc ? deadlines.CloseBy : head.CloseByUtc, At = now,
        }, ct);
    }
}

/// <summary>What the transaction that opens a case knows of it: its reports and its receiving division.</summary>
public sealed record OpenedCase(IReadOnlyList<Guid> ReportIds, string ReceivingDivisionCode);
