using Npgsql;
using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Inspection.Domain;

/// <summary>
/// Rectification after feedback: the target unit moves its items to in progress and submits them with evidence; only the
/// team that inspected verifies or rejects them back; an item still unverified at the end of its deadline escalates once.
/// </summary>
public sealed class RectificationSteps(InspectionTransactions transactions, Outbox outbox, CityDirectory directory)
{
    /// <summary>The target unit's contact (by unit id) moves one of its unit's items.</summary>
    public Task<RectificationItemRecord> UpdateAsync(Guid itemId, string unitId, string to, string evidence, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            var item = await ItemAsync(transaction, itemId, ct);
            if (item.ResponsibleUnitId != unitId)
            {
                throw new NotResponsibleUnitException();
            }
            if (!RectificationStates.UnitMayMove(item.State, to))
            {
                throw new DomainRuleException(InspectionTexts.Words["rectification.move", item.State, to]);
            }
            var kept = to == RectificationStates.Submitted ? evidence : item.Evidence;
            await RectificationStore.MoveAsync(transaction, item, to, kept, unitId, evidence, now, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, Changed(item, item.State, to, now), ct);
            return item with { State = to, Evidence = kept };
        }, ct);

    /// <summary>Only a member of the team that inspected verifies an item submitted for verification, or rejects it back to in progress.</summary>
    public Task<RectificationItemRecord> VerifyAsync(Guid itemId, string inspectorId, bool rejected, string note, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            var item = await ItemAsync(transaction, itemId, ct);
            var tour = await TourStore.FindAsync(transaction, directory, item.TourId, forUpdate: false, ct) ?? throw new TourNotFoundException();
            tour.RequireActing(inspectorId);
            if (item.State != RectificationStates.Submitted)
            {
                throw new DomainRuleException(InspectionTexts.Words["rectification.verify-submitted-only"]);
            }
            var to = rejected ? RectificationStates.InProgress : RectificationStates.Verified;
            await RectificationStore.MoveAsync(transaction, item, to, item.Evidence, inspectorId, note, now, ct);
            if (!rejected)
            {
                await DurableTimers.CancelAsync(transaction, TourWorkSteps.OverdueTimer, item.Id.ToString(), ct);
            }
            await outbox.EnqueueAsync(transaction.Connection!, transaction, Changed(item, item.State, to, now), ct);
            return item with { State = to };
        }, ct);

    public Task<IReadOnlyList<RectificationItemRecord>> OfTourAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(transaction => RectificationStore.OfTourAsync(transaction, tourId, ct), ct);

    public Task<IReadOnlyList<RectificationItemRecord>> OfTargetAsync(TourTarget target, CancellationToken ct) =>
        transactions.ReadAsync(transaction => RectificationStore.OfTargetAsync(transaction, target.Kind, target.Id, ct), ct);

    public Task<RectificationItemRecord> ItemAsync(Guid itemId, CancellationToken ct) =>
        transactions.ReadAsync(transaction => ItemAsync(transaction, itemId, ct), ct);

    public static ProgressRecord Progress(IReadOnlyList<RectificationItemRecord> items) => new(items.Count,
        items.Count(i => i.State == RectificationStates.Open), items.Count(i => i.State == RectificationStates.InProgress),
        items.Count(i => i.State == RectificationStates.Submitted), items.Count(i => i.State == RectificationStates.Verified),
        items.Count(i => i.Overdue));

    public static RectificationItemChanged Changed(RectificationItemRecord item, string from, string to, DateTimeOffset at) => new()
    {
        ItemId = item.Id, TourId = item.TourId, FindingId = item.FindingId, ResponsibleUnitId = item.ResponsibleUnitId, FromState = from, ToState = to,
        Deadline = item.Deadline, At = at,
    };

    private static async Task<RectificationItemRecord> ItemAsync(NpgsqlTransaction transaction, Guid itemId, CancellationToken ct) =>
        await RectificationStore.FindAsync(transaction, itemId, forUpdate: true, ct) ?? throw new RectificationItemNotFoundException();

}

/// <summary>The end of a rectification item's deadline day: still unverified, it is marked overdue and escalated, once.</summary>
public sealed class RectificationOverdueHandler(Outbox outbox) : IDurableTimerHandler
{
    public string Kind => TourWorkSteps.OverdueTimer;

    public async Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct)
    {
        var item = await RectificationStore.FindAsync(transaction, Guid.Parse(timer.Subject), forUpdate: true, ct);
        if (item is null || item.State == RectificationStates.Verified || item.Overdue)
        {
            return;
        }
        await RectificationStore.MarkOverdueAsync(transaction, item.Id, ct);
        await outbox.EnqueueAsync(transaction.Connection!, transaction, new RectificationOverdue
        {
            ItemId = item.Id, TourId = item.TourId, ResponsibleUnitId = item.ResponsibleUnitId, State = item.State, Deadline = item.Deadline,
            At = timer.DueAt,
        }, ct);
    }
}

/// <summary>No rectification item has the id (NOT_FOUND at the edge).</summary>
public sealed class RectificationItemNotFoundException() : Exception("rectification item not found");

/// <summary>The caller's unit is not responsible for the item (PERMISSION_DENIED at the edge).</summary>
public sealed class NotResponsibleUnitException() : Exception("not the responsible unit");
