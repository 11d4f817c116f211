using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>A recommendation's follow-up: proposed → adopted | declined; adopted → carried-out | declined.</summary>
public static class RecommendationStates
{
    public const string Proposed = "proposed";
    public const string Adopted = "adopted";
    public const string CarriedOut = "carried-out";
    public const string Declined = "declined";

    public static readonly IReadOnlyList<string> FollowUps = [Adopted, CarriedOut, Declined];

    public static bool MayMove(string from, string to) => (from, to) switch
    {
        (Proposed, Adopted or Declined) => true,
        (Adopted, CarriedOut or Declined) => true,
        _ => false,
    };
}

public sealed record RecommendationFollowUpRecord(string State, string Note, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record RecommendationRecord(Guid Id, Guid TourId, string Kind, string? UnitId, string? CadreId, string Text, string State, string MadeBy,
    DateTimeOffset MadeAt, IReadOnlyList<RecommendationFollowUpRecord> FollowUps);

/// <summary>
/// The team's recommendations (adjust a leadership team, remind or move a cadre, ...), recorded with the report while it
/// can change; plan staff record their follow-up later, each step with who recorded it and a note (a decline's reason).
/// </summary>
public sealed class RecommendationSteps(InspectionTransactions transactions, Outbox outbox, CityDirectory directory, AssessmentSteps assessments,
    InspectionRules rules, InspectionMetrics metrics)
{
    /// <summary>Leadership teams adjusted after a tour, or after every tour of a target: recommendations to adjust one that were carried out.</summary>
    public Task<int> TeamsAdjustedAsync(Guid? tourId, TourTarget? target, CancellationToken ct) =>
        transactions.ReadAsync(transaction => RecommendationStore.TeamsAdjustedAsync(transaction, rules.Recommendations.AdjustsLeadershipTeam, tourId,
            target is null ? null : (target.Kind, target.Id), ct), ct);

    public async Task<RecommendationRecord> MakeAsync(Guid tourId, string inspectorId, string kind, string? unitId, string? cadreId, string text,
        CancellationToken ct)
    {
        var made = await transactions.ChangeAsync(async (transaction, now) =>
        {
            var tour = await WorkRecordSteps.OpenTourAsync(transaction, directory, tourId, inspectorId, ct);
            await WorkRecordSteps.RequireReportOpenAsync(transaction, tourId, ct);
            assessments.RequireOfTarget(tour, unitId, cadreId);
            var recommendation = new RecommendationRecord(Guid.CreateVersion7(), tourId, kind, unitId, cadreId, text, RecommendationStates.Proposed,
                inspectorId, now, []);
            await RecommendationStore.AddAsync(transaction, recommendation, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new RecommendationMade
            {
                RecommendationId = recommendation.Id, TourId = tourId, Kind = kind, UnitId = unitId, CadreId = cadreId, At = now,
            }, ct);
            return recommendation;
        }, ct);
        metrics.Recommendation(made.Kind, made.State);
        return made;
    }

    public Task<RecommendationRecord> FindAsync(Guid recommendationId, CancellationToken ct) =>
        transactions.ReadAsync(async transaction =>
            await RecommendationStore.FindAsync(transaction, recommendationId, forUpdate: false, ct) ?? throw new RecommendationNotFoundException(), ct);

    /// <summary>Plan staff record what became of it; the move must follow the states, once per step.</summary>
    public async Task<RecommendationRecord> FollowUpAsync(Guid recommendationId, string to, string note, string recordedBy, CancellationToken ct)
    {
        var followed = await transactions.ChangeAsync(async (transaction, now) =>
        {
            var recommendation = await RecommendationStore.FindAsync(transaction, recommendationId, forUpdate: true, ct)
                                 ?? throw new RecommendationNotFoundException();
            if (!RecommendationStates.MayMove(recommendation.State, to))
            {
                throw new DomainRuleException(InspectionTexts.Words["recommendation.move", InspectionWording.RecommendationState(recommendation.State),
                    InspectionWording.RecommendationState(to)]);
            }
            await RecommendationStore.FollowUpAsync(transaction, recommendation, to, note, recordedBy, now, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new RecommendationFollowedUp
            {
                RecommendationId = recommendationId, TourId = recommendation.TourId, Kind = recommendation.Kind, FromState = recommendation.State,
                ToState = to, RecordedBy = recordedBy, At = now,
            }, ct);
            return (await RecommendationStore.FindAsync(transaction, recommendationId, forUpdate: false, ct))!;
        }, ct);
        metrics.Recommendation(followed.Kind, followed.State);
        return followed;
    }
}

public sealed class RecommendationNotFoundException() : Exception("recommendation not found");
