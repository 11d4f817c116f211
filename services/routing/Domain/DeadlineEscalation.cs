using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>
/// A missed deadline marks the unit's task overdue, tells the unit, and escalates the case to the level
/// above. Deadlines are claimed with SKIP LOCKED and marked fired in the caller's transaction, so across
/// instances each fires once.
/// </summary>
public sealed class DeadlineEscalation(RoutingEngine engine, CaseWording wording, CityDirectory directory, UnitNotifier notifier, Outbox outbox,
    ILogger<DeadlineEscalation> logger)
{
    /// <summary>Fires up to <paramref name="batch"/> deadlines due by <paramref name="now"/>; returns how many fired.</summary>
    public async Task<int> FireDueAsync(NpgsqlTransaction transaction, DateTimeOffset now, int batch, CancellationToken ct)
    {
        var due = await DeadlineStore.ClaimDueAsync(transaction, now, batch, ct);
        foreach (var deadline in due)
        {
            await FireAsync(transaction, deadline, now, ct);
        }
        return due.Count;
    }

    private async Task FireAsync(NpgsqlTransaction transaction, DueDeadline deadline, DateTimeOffset now, CancellationToken ct)
    {
        await DeadlineStore.MarkFiredAsync(transaction, deadline.Id, now, ct);
        if (DeadlineKinds.OfTask(deadline.Kind))
        {
            await CaseStore.MarkOverdueAsync(transaction, deadline.CaseId, deadline.UnitId, ct);
        }
        await CaseStore.AddTimelineAsync(transaction, deadline.CaseId, now, "overdue", deadline.UnitId, "clock",
            wording.Overdue(deadline.UnitId, deadline.Kind, deadline.DueAtUtc), ct);
        await outbox.EnqueueAsync(transaction, new CaseOverdue
        {
            CaseId = deadline.CaseId, UnitId = deadline.UnitId, Deadline = deadline.Kind, DueAt = deadline.DueAtUtc, At = now,
        }, ct);
        await notifier.NotifyAsync(transaction, deadline.UnitId, deadline.CaseId, "overdue", CaseWording.OverdueNotice(deadline.CaseId, deadline.Kind),
            now, ct);

        if (directory.FindUnit(deadline.UnitId) is { } unit && engine.EscalationTarget(unit) is { } upper)
        {
            var reason = CaseWording.MissedDeadline(unit, deadline.Kind);
            await CaseStore.AddDecisionAsync(transaction, deadline.CaseId, now, "escalation", upper.Id, reason, ct);
            await CaseStore.AddTimelineAsync(transaction, deadline.CaseId, now, "escalated", upper.Id, "clock", CaseWording.Escalated(upper, reason), ct);
            await notifier.NotifyAsync(transaction, upper.Id, deadline.CaseId, "escalated", CaseWording.EscalatedNotice(deadline.CaseId, reason), now, ct);
            await outbox.EnqueueAsync(transaction, new CaseEscalated
            {
                CaseId = deadline.CaseId, FromUnitId = unit.Id, ToUnitId = upper.Id, Reason = reason.Neutral, At = now,
            }, ct);
        }
        logger.LogWarning("Case {CaseId}: {Deadline} deadline of {UnitId} overdue", deadline.CaseId, deadline.Kind, deadline.UnitId);
    }
}
