using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>The words and public contacts of a tour's pre-announcement.</summary>
public sealed record PreAnnouncementText(string Purpose, string Methods, string Discipline, string OfficeAddress, string ContactPhone, string Mailbox,
    string Email, string Hotline);

public sealed record PreAnnouncementRecord(TourRecord Tour, PreAnnouncementText Text, DateTimeOffset PublishedAt);

/// <summary>On arrival a member of the team publishes the tour's pre-announcement, once; anyone may read it.</summary>
public sealed class PreAnnouncements(InspectionTransactions transactions, Outbox outbox, CityDirectory directory)
{
    public Task<PreAnnouncementRecord> PublishAsync(Guid tourId, string inspectorId, PreAnnouncementText text, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: true, ct) ?? throw new TourNotFoundException();
            tour.RequireActing(inspectorId);
            if (!await PreAnnouncementStore.AddAsync(transaction, tour, text, inspectorId, now, ct))
            {
                throw new DomainRuleException(InspectionTexts.Words["pre-announcement.published"]);
            }
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new PreAnnouncementPublished
            {
                TourId = tourId, TargetKind = tour.Target.Kind, TargetId = tour.Target.Id, StartsOn = tour.StartsOn, EndsOn = tour.EndsOn,
                Purpose = text.Purpose, OfficeAddress = text.OfficeAddress, ContactPhone = text.ContactPhone, Mailbox = text.Mailbox, Email = text.Email,
                Hotline = text.Hotline, At = now,
            }, ct);
            return new PreAnnouncementRecord(tour, text, now);
        }, ct);

    public Task<PreAnnouncementRecord?> FindAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
        {
            var text = await PreAnnouncementStore.FindAsync(transaction, tourId, ct);
            if (text is null)
            {
                return null;
            }
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct) ?? throw new TourNotFoundException();
            return new PreAnnouncementRecord(tour, text.Value.Text, text.Value.PublishedAt);
        }, ct);

    /// <summary>One page of the pre-announcements in these divisions, newest first, after a (published at, tour id) position.</summary>
    public Task<IReadOnlyList<PreAnnouncementRecord>> PageAsync(IReadOnlyList<string> divisionCodes, (DateTime At, Guid Id)? after, int size, CancellationToken ct) =>
        transactions.ReadAsync<IReadOnlyList<PreAnnouncementRecord>>(async transaction =>
        {
            var page = new List<PreAnnouncementRecord>();
            foreach (var (tourId, text, publishedAt) in await PreAnnouncementStore.PageAsync(transaction, divisionCodes, after, size, ct))
            {
                var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct) ?? throw new TourNotFoundException();
                page.Add(new PreAnnouncementRecord(tour, text, publishedAt));
            }
            return page;
        }, ct);
}
