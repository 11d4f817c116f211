using Npgsql;
using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Inspection.Domain;

/// <summary>
/// The team's work on its own tour and the review that must come before feedback (谁巡察、谁反馈): findings, the report's
/// draft, submission, review or return, and the feedback that opens rectification items on durable timers.
/// </summary>
public sealed class TourWorkSteps(InspectionTransactions transactions, Outbox outbox, CityDirectory directory, InspectionRules rules,
    InspectionMetrics metrics)
{
    public const string OverdueTimer = "rectification-overdue";

    public async Task<FindingRecord> RecordFindingAsync(Guid tourId, string inspectorId, FindingRecord finding, CancellationToken ct)
    {
        var recorded = await transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await MemberTourAsync(transaction, tourId, inspectorId, ct);
            var report = await TourWorkStore.ReportAsync(transaction, tour.Id, forUpdate: true, ct);
            if (report is not null && report.State is not (ReportStates.Draft or ReportStates.Returned))
            {
                throw new DomainRuleException(InspectionTexts.Words["report.closed-to-findings"]);
            }
            var recorded = finding with { Id = Guid.CreateVersion7(), TourId = tourId, RecordedBy = inspectorId };
            await TourWorkStore.AddFindingAsync(transaction, recorded, now, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new FindingRecorded
            {
                FindingId = recorded.Id, TourId = tourId, Category = recorded.Category, Severity = recorded.Severity,
                CadreIds = recorded.CadreIds, UnitIds = recorded.UnitIds, At = now,
            }, ct);
            return recorded;
        }, ct);
        metrics.FindingRecorded(recorded.Severity);
        return recorded;
    }

    public Task<TourReportRecord> DraftAsync(Guid tourId, string inspectorId, string summary, string recommendations, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            await MemberTourAsync(transaction, tourId, inspectorId, ct);
            var report = await TourWorkStore.ReportAsync(transaction, tourId, forUpdate: true, ct);
            if (report is not null && report.State is not (ReportStates.Draft or ReportStates.Returned))
            {
                throw new DomainRuleException(InspectionTexts.Words["report.not-editable", report.State]);
            }
            var draft = new TourReportRecord(tourId, ReportStates.Draft, summary, recommendations, report?.DecidedBy, report?.DecisionNote);
            await TourWorkStore.SaveReportAsync(transaction, draft, now, ct);
            return draft;
        }, ct);

    public Task<TourReportRecord> SubmitAsync(Guid tourId, string inspectorId, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            await MemberTourAsync(transaction, tourId, inspectorId, ct);
            var report = await TourWorkStore.ReportAsync(transaction, tourId, forUpdate: true, ct);
            if (report?.State != ReportStates.Draft)
            {
                throw new DomainRuleException(InspectionTexts.Words["report.submit-draft-only"]);
            }
            if ((await TourWorkStore.FindingsAsync(transaction, tourId, ct)).Count == 0)
            {
                throw new DomainRuleException(InspectionTexts.Words["report.no-findings"]);
            }
            var submitted = report with { State = ReportStates.Submitted };
            await TourWorkStore.SaveReportAsync(transaction, submitted, now, ct);
            return submitted;
        }, ct);

    /// <summary>The leadership group's or city committee's decision on a submitted report, recorded with who decided.</summary>
    public Task<TourReportRecord> ReviewAsync(Guid tourId, bool returned, string note, string decidedBy, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            await TourAsync(transaction, tourId, ct);
            var report = await TourWorkStore.ReportAsync(transaction, tourId, forUpdate: true, ct);
            if (report?.State != ReportStates.Submitted)
            {
                throw new DomainRuleException(InspectionTexts.Words["report.review-submitted-only"]);
            }
            var decided = report with { State = returned ? ReportStates.Returned : ReportStates.Reviewed, DecidedBy = decidedBy, DecisionNote = note };
            await TourWorkStore.SaveReportAsync(transaction, decided, now, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new TourReportReviewed
            {
                TourId = tourId, Returned = returned, DecidedBy = decidedBy, At = now,
            }, ct);
            return decided;
        }, ct);

    /// <summary>
    /// Feedback to the target: only a reviewed report, once, with its rectification list. Each item opens with a durable
    /// timer at the end of its deadline day that escalates it if the team has not verified it by then.
    /// </summary>
    public Task<IReadOnlyList<RectificationItemRecord>> HoldFeedbackAsync(Guid tourId, string inspectorId, IReadOnlyList<RectificationItemDraft> drafts,
        CancellationToken ct) =>
        transactions.ChangeAsync<IReadOnlyList<RectificationItemRecord>>(async (transaction, now) =>
        {
            await MemberTourAsync(transaction, tourId, inspectorId, ct);
            var report = await TourWorkStore.ReportAsync(transaction, tourId, forUpdate: true, ct);
            if (report?.State != ReportStates.Reviewed)
            {
                throw new DomainRuleException(InspectionTexts.Words["feedback.review-first"]);
            }
            var findings = (await TourWorkStore.FindingsAsync(transaction, tourId, ct)).Select(f => f.Id).ToHashSet();
            var today = rules.Rectification.CityDay(now);
            foreach (var draft in drafts)
            {
                if (!findings.Contains(draft.FindingId))
                {
                    throw new DomainRuleException(InspectionTexts.Words["feedback.finding-of-tour", draft.FindingId]);
                }
                if (draft.Deadline <= today)
                {
                    throw new DomainRuleException(InspectionTexts.Words["feedback.deadline-after", today.ToString("yyyy-MM-dd")]);
                }
            }
            var items = new List<RectificationItemRecord>();
            foreach (var draft in drafts)
            {
                var item = new RectificationItemRecord(Guid.CreateVersion7(), tourId, draft.FindingId, draft.ResponsibleUnitId, draft.ResponsiblePerson,
                    draft.Measures, draft.Deadline, RectificationStates.Open, "", false);
                await RectificationStore.AddAsync(transaction, item, now, ct);
                await DurableTimers.ScheduleAsync(transaction, OverdueTimer, item.Id.ToString(), rules.Rectification.EndOf(item.Deadline), null, ct);
                await outbox.EnqueueAsync(transaction.Connection!, transaction, RectificationSteps.Changed(item, "", RectificationStates.Open, now), ct);
                items.Add(item);
            }
            await TourWorkStore.SaveReportAsync(transaction, report with { State = ReportStates.FedBack }, now, ct);
            return items;
        }, ct);

    public Task<(TourReportRecord? Report, IReadOnlyList<FindingRecord> Findings)> ReportAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
        {
            return (await TourWorkStore.ReportAsync(transaction, tourId, forUpdate: false, ct), await TourWorkStore.FindingsAsync(transaction, tourId, ct));
        }, ct);

    private async Task<TourRecord> TourAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct) =>
        await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct) ?? throw new TourNotFoundException();

    /// <summary>The tour, whose team must be formed and must count the inspector.</summary>
    private async Task<TourRecord> MemberTourAsync(NpgsqlTransaction transaction, Guid tourId, string inspectorId, CancellationToken ct)
    {
        var tour = await TourAsync(transaction, tourId, ct);
        tour.RequireActing(inspectorId);
        return tour;
    }

}
