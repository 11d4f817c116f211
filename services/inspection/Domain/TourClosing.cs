using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>An item as the public notice shows it: no measures, evidence or person, only the unit, the state and the deadline.</summary>
public sealed record NoticeItem(string ResponsibleUnitId, string State, DateOnly Deadline, bool Overdue);

/// <summary>The public notice of rectification status (整改情况公开): the tour's items as they stood when it closed, and the city's day it was issued.</summary>
public sealed record RectificationNoticeRecord(TourRecord Tour, IReadOnlyList<NoticeItem> Items, DateTimeOffset IssuedAt, DateOnly IssuedOn)
{
    public int Verified => Items.Count(i => i.State == RectificationStates.Verified);

    public int Unfinished => Items.Count - Verified;

    /// <summary>Items whose deadline passed and that are still not verified.</summary>
    public int OverdueUnfinished => Items.Count(i => i.Overdue && i.State != RectificationStates.Verified);
}

/// <summary>
/// Plan staff close a tour once its report has been fed back; closing issues the public notice of the rectification
/// status in the same transaction, once.
/// </summary>
public sealed class TourClosing(InspectionTransactions transactions, Outbox outbox, CityDirectory directory, InspectionRules rules)
{
    public Task<RectificationNoticeRecord> CloseAsync(Guid tourId, string closedBy, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: true, ct) ?? throw new TourNotFoundException();
            if (tour.State == TourStates.Closed)
            {
                throw new DomainRuleException(InspectionTexts.Words["tour.closed"]);
            }
            if ((await TourWorkStore.ReportAsync(transaction, tourId, forUpdate: false, ct))?.State != ReportStates.FedBack)
            {
                throw new DomainRuleException(InspectionTexts.Words["tour.close-after-feedback"]);
            }
            var items = (await RectificationStore.OfTourAsync(transaction, tourId, ct))
                .Select(i => new NoticeItem(i.ResponsibleUnitId, i.State, i.Deadline, i.Overdue)).ToList();
            await TourStore.CloseAsync(transaction, tourId, now, ct);
            await RectificationNoticeStore.AddAsync(transaction, tour, items, closedBy, now, ct);
            var notice = new RectificationNoticeRecord(tour with { State = TourStates.Closed }, items, now, CityDay(now));
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new RectificationNoticeIssued
            {
                TourId = tourId, TargetKind = tour.Target.Kind, TargetId = tour.Target.Id, TargetDivisionCode = tour.Target.DivisionCode,
                Total = items.Count, Verified = notice.Verified, Unfinished = notice.Unfinished, OverdueUnfinished = notice.OverdueUnfinished, At = now,
            }, ct);
            return notice;
        }, ct);

    /// <summary>The tour's notice, or null while the tour is not closed.</summary>
    public Task<RectificationNoticeRecord?> NoticeAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
        {
            if (await RectificationNoticeStore.FindAsync(transaction, tourId, ct) is not { } stored)
            {
                return null;
            }
            var tour = (await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct))!;
            return new RectificationNoticeRecord(tour, stored.Items, stored.IssuedAt, CityDay(stored.IssuedAt));
        }, ct);

    /// <summary>A page of notices, newest first, of targets in <paramref name="divisionCodes"/> (null: the whole city).</summary>
    public Task<IReadOnlyList<RectificationNoticeRecord>> PageAsync(IReadOnlyList<string>? divisionCodes, (DateTime At, Guid Id)? after, int size,
        CancellationToken ct) =>
        transactions.ReadAsync<IReadOnlyList<RectificationNoticeRecord>>(async transaction =>
        {
            var notices = new List<RectificationNoticeRecord>();
            foreach (var (tourId, items, issuedAt) in await RectificationNoticeStore.PageAsync(transaction, divisionCodes, after, size, ct))
            {
                var tour = (await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct))!;
                notices.Add(new RectificationNoticeRecord(tour, items, issuedAt, CityDay(issuedAt)));
            }
            return notices;
        }, ct);

    private DateOnly CityDay(DateTimeOffset at) => rules.Rectification.CityDay(at);
}
