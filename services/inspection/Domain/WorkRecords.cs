using Npgsql;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;

namespace Supervision.Inspection.Domain;

/// <summary>A talk, interview, visit, field investigation or document review of the team; the interviewee's identity stays sealed.</summary>
public sealed record WorkRecordRecord(Guid Id, Guid TourId, string Kind, DateOnly HeldOn, IReadOnlyList<string> InspectorIds, IReadOnlyList<string> CadreIds,
    string Notes, bool HasInterviewee, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record WorkRecordDraft(string Kind, DateOnly HeldOn, IReadOnlyList<string> MemberIds, IReadOnlyList<string> CadreIds, string Notes,
    IntervieweeIdentity? Interviewee);

public sealed record IntervieweeRevealRecord(Guid RecordId, string RevealedTo, string Reason, DateTimeOffset RevealedAt);

/// <summary>
/// The team's work records on its own tour: dated within the tour and not ahead of today, taken part in by members of the
/// acting team, read only by the team and auditors. A citizen interviewee's identity is opened only for an audited reveal.
/// </summary>
public sealed class WorkRecordSteps(InspectionTransactions transactions, CityDirectory directory, InspectionRules rules, IntervieweeSealer sealer,
    InspectionMetrics metrics)
{
    public async Task<WorkRecordRecord> RecordAsync(Guid tourId, string inspectorId, WorkRecordDraft draft, CancellationToken ct)
    {
        var recorded = await transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await OpenTourAsync(transaction, tourId, inspectorId, ct);
            for (var i = 0; i < draft.MemberIds.Count; i++)
            {
                if (!tour.MayAct(draft.MemberIds[i]))
                {
                    throw new DomainRuleException(InspectionTexts.Words["work-record.not-member", $"member_ids[{i}]", draft.MemberIds[i]]);
                }
            }
            var today = rules.Rectification.CityDay(now);
            if (draft.HeldOn < tour.StartsOn || draft.HeldOn > tour.EndsOn || draft.HeldOn > today)
            {
                throw new DomainRuleException(InspectionTexts.Words["work-record.held-on", tour.StartsOn.ToString("yyyy-MM-dd"),
                    (tour.EndsOn < today ? tour.EndsOn : today).ToString("yyyy-MM-dd")]);
            }
            var record = new WorkRecordRecord(Guid.CreateVersion7(), tourId, draft.Kind, draft.HeldOn,
                draft.MemberIds.Prepend(inspectorId).Distinct().ToList(), draft.CadreIds, draft.Notes, draft.Interviewee is not null, inspectorId, now);
            var sealedIdentity = draft.Interviewee is null ? null : sealer.Seal(draft.Interviewee, record.Id);
            await WorkRecordStore.AddAsync(transaction, record, sealedIdentity, ct);
            return record;
        }, ct);
        metrics.WorkRecorded(recorded.Kind);
        return recorded;
    }

    /// <summary>A page of the tour's records, newest first; the caller's right to read the tour was checked at the edge.</summary>
    public Task<IReadOnlyList<WorkRecordRecord>> PageAsync(Guid tourId, string? kind, (DateTime At, Guid Id)? after, int size, CancellationToken ct) =>
        transactions.ReadAsync(transaction => WorkRecordStore.PageAsync(transaction, tourId, kind, after, size, ct), ct);

    /// <summary>The tour a record belongs to, for the edge's checks before a reveal.</summary>
    public Task<TourRecord> TourOfRecordAsync(Guid recordId, CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
        {
            var record = await WorkRecordStore.FindAsync(transaction, recordId, ct) ?? throw new WorkRecordNotFoundException();
            return (await TourStore.FindAsync(transaction, directory, record.TourId, forUpdate: false, ct))!;
        }, ct);

    /// <summary>Opens the interviewee's identity for <paramref name="revealedTo"/>: the audit row commits with the reveal, before it is answered.</summary>
    public Task<IntervieweeIdentity> RevealAsync(Guid recordId, string revealedTo, string reason, CancellationToken ct) =>
        transactions.ChangeAsync(async (transaction, now) =>
        {
            var record = await WorkRecordStore.FindAsync(transaction, recordId, ct) ?? throw new WorkRecordNotFoundException();
            var sealedIdentity = await WorkRecordStore.SealedIntervieweeAsync(transaction, recordId, ct)
                                 ?? throw new DomainRuleException(InspectionTexts.Words["work-record.no-interviewee"]);
            await WorkRecordStore.AddRevealAsync(transaction, record, new IntervieweeRevealRecord(recordId, revealedTo, reason, now), ct);
            return sealer.Open(sealedIdentity, recordId);
        }, ct);

    public Task<IReadOnlyList<IntervieweeRevealRecord>> RevealsAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(transaction => WorkRecordStore.RevealsAsync(transaction, tourId, ct), ct);

    /// <summary>The tour, not closed, on whose acting team the inspector serves.</summary>
    internal static async Task<TourRecord> OpenTourAsync(NpgsqlTransaction transaction, CityDirectory directory, Guid tourId, string inspectorId,
        CancellationToken ct)
    {
        var tour = await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct) ?? throw new TourNotFoundException();
        tour.RequireActing(inspectorId);
        return tour.State == TourStates.Closed ? throw new DomainRuleException(InspectionTexts.Words["tour.closed"]) : tour;
    }

    /// <summary>Assessments and recommendations belong to the report: recorded while it is a draft or returned (or not written yet).</summary>
    internal static async Task RequireReportOpenAsync(NpgsqlTransaction transaction, Guid tourId, CancellationToken ct)
    {
        var report = await TourWorkStore.ReportAsync(transaction, tourId, forUpdate: true, ct);
        if (report is not null && report.State is not (ReportStates.Draft or ReportStates.Returned))
        {
            throw new DomainRuleException(InspectionTexts.Words["report.closed-to-assessments"]);
        }
    }

    private Task<TourRecord> OpenTourAsync(NpgsqlTransaction transaction, Guid tourId, string inspectorId, CancellationToken ct) =>
        OpenTourAsync(transaction, directory, tourId, inspectorId, ct);
}

public sealed class WorkRecordNotFoundException() : Exception("work record not found");
