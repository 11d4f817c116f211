using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Inspection.Referrals;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>A finding referred through intake: the report it became, and the case routing opened for it (from the projection).</summary>
public sealed record FindingReferralRecord(Guid FindingId, Guid TourId, Guid ReportId, string TrackingNumber, string ReferredBy, DateTimeOffset ReferredAt,
    Guid? CaseId, string CaseProgress);

/// <summary>
/// A member of the team refers a finding for investigation: intake makes it a report on the inspection-team channel, which
/// routing makes a case. A finding is referred once: intake answers a retry with the same report (the key is the finding's id)
/// and the referral row is unique per finding, so two instances referring together record one referral and one event.
/// </summary>
internal sealed class FindingReferrals(InspectionTransactions transactions, FindingIntake intake, CityDirectory directory, Outbox outbox)
{
    public async Task<FindingReferralRecord> ReferAsync(Guid findingId, string inspectorId, CancellationToken ct)
    {
        var (finding, tour, existing) = await transactions.ReadAsync(async transaction =>
        {
            var tourId = await FindingReferralStore.TourOfFindingAsync(transaction, findingId, ct) ?? throw new FindingNotFoundException();
            var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct) ?? throw new TourNotFoundException();
            tour.RequireActing(inspectorId);
            var finding = (await TourWorkStore.FindingsAsync(transaction, tourId, ct)).Single(f => f.Id == findingId);
            return (finding, tour, await FindingReferralStore.FindAsync(transaction, findingId, ct));
        }, ct);
        if (existing is not null)
        {
            return existing;
        }
        if (tour.State == TourStates.Closed)
        {
            throw new DomainRuleException(InspectionTexts.Words["referral.tour-closed"]);
        }

        var (reportId, trackingNumber) = await intake.SubmitAsync(finding, ct);
        return await transactions.ChangeAsync(async (transaction, now) =>
        {
            if (await FindingReferralStore.InsertAsync(transaction, finding, reportId, trackingNumber, inspectorId, now, ct))
            {
                await outbox.EnqueueAsync(transaction.Connection!, transaction, new FindingReferred
                {
                    FindingId = finding.Id, TourId = finding.TourId, ReportId = reportId, ReferredBy = inspectorId, At = now,
                }, ct);
            }
            return (await FindingReferralStore.FindAsync(transaction, findingId, ct))!;
        }, ct);
    }
}

/// <summary>The finding named does not exist (NOT_FOUND at the edge).</summary>
public sealed class FindingNotFoundException() : Exception("finding not found");
