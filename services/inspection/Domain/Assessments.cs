using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>The tour's grade of a leadership team (by its unit) or a cadre, with the findings and work records that support it.</summary>
public sealed record AssessmentRecord(Guid Id, Guid TourId, string? LeadershipUnitId, string? CadreId, string Grade, string Text,
    IReadOnlyList<Guid> FindingIds, IReadOnlyList<Guid> WorkRecordIds, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// Assessments "accurate, objective, fair": each grades a leadership team or a cadre of the tour's target and cites at
/// least one finding or work record of the same tour. They belong to the report, so they are recorded while it can change.
/// </summary>
public sealed class AssessmentSteps(InspectionTransactions transactions, Outbox outbox, CityDirectory directory, InspectionMetrics metrics)
{
    public async Task<AssessmentRecord> RecordAsync(Guid tourId, string inspectorId, AssessmentRecord draft, CancellationToken ct)
    {
        var recorded = await transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await WorkRecordSteps.OpenTourAsync(transaction, directory, tourId, inspectorId, ct);
            await WorkRecordSteps.RequireReportOpenAsync(transaction, tourId, ct);
            RequireOfTarget(tour, draft.LeadershipUnitId, draft.CadreId);
            var findings = (await TourWorkStore.FindingsAsync(transaction, tourId, ct)).Select(f => f.Id).ToHashSet();
            RequireCited(draft.FindingIds, findings, "finding_ids");
            RequireCited(draft.WorkRecordIds, (await WorkRecordStore.IdsOfTourAsync(transaction, tourId, ct)).ToHashSet(), "work_record_ids");
            var assessment = draft with { Id = Guid.CreateVersion7(), TourId = tourId, RecordedBy = inspectorId, RecordedAt = now };
            await AssessmentStore.AddAsync(transaction, assessment, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new AssessmentRecorded
            {
                AssessmentId = assessment.Id, TourId = tourId, LeadershipUnitId = assessment.LeadershipUnitId, CadreId = assessment.CadreId,
                Grade = assessment.Grade, FindingIds = assessment.FindingIds, WorkRecordIds = assessment.WorkRecordIds, At = now,
            }, ct);
            return assessment;
        }, ct);
        metrics.AssessmentRecorded(recorded.Grade);
        return recorded;
    }

    /// <summary>What the tour report shows besides its findings: the assessments and the recommendations with their follow-up.</summary>
    public Task<(IReadOnlyList<AssessmentRecord> Assessments, IReadOnlyList<RecommendationRecord> Recommendations)> OfTourAsync(Guid tourId,
        CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
            (await AssessmentStore.OfTourAsync(transaction, tourId, ct), await RecommendationStore.OfTourAsync(transaction, tourId, ct)), ct);

    /// <summary>A leadership team of a unit of the target, or a cadre whose unit belongs to it (FAILED_PRECONDITION otherwise).</summary>
    internal void RequireOfTarget(TourRecord tour, string? unitId, string? cadreId)
    {
        if (unitId is not null && !tour.Target.Includes(directory, unitId))
        {
            throw new DomainRuleException(InspectionTexts.Words["assessment.unit-of-target", unitId, InspectionWording.TargetName(tour.Target)]);
        }
        if (cadreId is not null && (directory.FindCadre(cadreId) is not { } cadre || !tour.Target.Includes(directory, cadre.UnitId)))
        {
            throw new DomainRuleException(InspectionTexts.Words["assessment.cadre-of-target", cadreId, InspectionWording.TargetName(tour.Target)]);
        }
    }

    private static void RequireCited(IReadOnlyList<Guid> cited, IReadOnlySet<Guid> ofTour, string field)
    {
        for (var i = 0; i < cited.Count; i++)
        {
            if (!ofTour.Contains(cited[i]))
            {
                throw new DomainRuleException(InspectionTexts.Words["assessment.cite-own-tour", $"{field}[{i}]", cited[i]]);
            }
        }
    }
}
