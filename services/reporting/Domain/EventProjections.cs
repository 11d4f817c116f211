using System.Text.Json;
using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Contracts.Events.Inspection;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reporting.Data;

namespace Supervision.Reporting.Domain;

/// <summary>
/// What each consumed event changes in the projections, one row per event type. An event of a new service (a
/// finding, a ranking) plugs in as one more row here and one more consumer line in Extensions.
/// </summary>
public static class EventProjections
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, Projection> ByType = new Projection[]
    {
        Of<ReportReceived>(e => e.ReceivedAt, ProjectionStore.ReportReceivedAsync, SupervisionLedger.ReportReceivedAsync, EarlyWarningChecks.ReportReceivedAsync),
        Of<CaseOpened>(e => e.At, ProjectionStore.CaseOpenedAsync, SupervisionLedger.CaseOpenedAsync, EarlyWarningChecks.CaseOpenedAsync),
        Of<CaseAwaitingDispatch>(e => e.At, ProjectionStore.CaseAwaitingDispatchAsync),
        Of<CaseAssigned>(e => e.At, ProjectionStore.CaseAssignedAsync),
        Of<CaseAcknowledged>(e => e.At, ProjectionStore.CaseAcknowledgedAsync),
        Of<CaseConcluded>(e => e.At, ProjectionStore.CaseConcludedAsync, SupervisionLedger.CaseConcludedAsync, EarlyWarningChecks.CaseConcludedAsync),
        Of<FeedbackGiven>(e => e.At, ProjectionStore.FeedbackGivenAsync),
        Of<CaseClosed>(e => e.At, ProjectionStore.CaseClosedAsync, SupervisionLedger.CaseClosedAsync),
        Of<CaseDisputed>(e => e.At, ProjectionStore.CaseDisputedAsync),
        Of<CaseEscalated>(e => e.At, ProjectionStore.CaseEscalatedAsync),
        Of<CaseOverdue>(e => e.At, ProjectionStore.CaseOverdueAsync),
        Of<CaseNotified>(e => e.At, ProjectionStore.CaseNotifiedAsync),
        Of<CaseMovedToElectionClock>(e => e.At, ProjectionStore.CaseMovedToElectionClockAsync),
        // Kept in the log for the projections still to come; nothing reads them yet.
        Of<CaseTransferred>(e => e.At, Nothing),
        Of<CaseReopened>(e => e.At, Nothing),
        Of<TourReportReviewed>(e => e.At, Nothing),
        // A recusal names an inspector, not a cadre or unit under supervision: logged, in no ledger.
        Of<TeamMemberRecused>(e => e.At, Nothing),
        // Inspection: rectification items count for their responsible unit; an overdue one is a missed deadline.
        Of<RectificationItemChanged>(e => e.At, ProjectionStore.RectificationItemChangedAsync, SupervisionLedger.RectificationItemChangedAsync),
        Of<RectificationOverdue>(e => e.At, ProjectionStore.RectificationOverdueAsync, SupervisionLedger.RectificationOverdueAsync),
        Of<RectificationNoticeIssued>(e => e.At, SupervisionLedger.RectificationNoticeIssuedAsync),
        Of<FindingRecorded>(e => e.At, SupervisionLedger.FindingRecordedAsync, EarlyWarningChecks.FindingRecordedAsync),
        // Evaluation: consequences carry no moment of their own; they are logged, and enter the ledger, when sent.
        OfLogged<ConsequenceApplied>(_ => null, SupervisionLedger.ConsequenceAppliedAsync),
        OfLogged<CadreConsequenceApplied>(_ => null, SupervisionLedger.CadreConsequenceAppliedAsync, EarlyWarningChecks.CadreConsequenceAppliedAsync),
        Of<ConsequenceDue>(e => e.DueAt, SupervisionLedger.ConsequenceDueAsync),
        Of<VisitCompleted>(e => e.CompletedAt, SupervisionLedger.VisitCompletedAsync),
        // A closed scoring session's places: the panel scores of the weekly and monthly bulletins.
        Of<UnitRanked>(e => e.ClosedAt, ProjectionStore.UnitRankedAsync),
    }.ToDictionary(p => p.EventType, StringComparer.Ordinal);

    /// <summary>The event types the service logs, by the name the log stores.</summary>
    public static IReadOnlyCollection<string> EventTypes => ByType.Keys;

    public static string EventTypeOf(Type type) => type.FullName!;

    /// <summary>The moment the event describes, as the log stores it.</summary>
    public static DateTimeOffset? OccurredAt<TEvent>(TEvent message) where TEvent : class => Find(EventTypeOf(typeof(TEvent))).OccurredAt(message);

    /// <summary>Applies one logged event, which happened at <paramref name="occurredAt"/>, to the projections: the same code for a live event and for a rebuild.</summary>
    public static Task ApplyAsync(NpgsqlTransaction transaction, string eventType, string payload, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var projection = Find(eventType);
        var message = JsonSerializer.Deserialize(payload, projection.Type, Json)
                      ?? throw new InvalidOperationException($"The log holds an empty {eventType}.");
        return projection.Apply(transaction, message, occurredAt, ct);
    }

    private static Projection Find(string eventType) =>
        ByType.GetValueOrDefault(eventType) ?? throw new InvalidOperationException($"No projection handles {eventType}.");

    /// <summary>An event type and what it changes: each of <paramref name="applies"/> in turn (the figures, the ledger, then its early warnings).</summary>
    private static Projection Of<TEvent>(Func<TEvent, DateTimeOffset?> occurredAt, params Func<NpgsqlTransaction, TEvent, CancellationToken, Task>[] applies)
        where TEvent : class =>
        OfLogged(occurredAt, applies.Select(apply => (Func<NpgsqlTransaction, TEvent, DateTimeOffset, CancellationToken, Task>)((t, e, _, ct) => apply(t, e, ct)))
            .ToArray());

    /// <summary>As <see cref="Of{TEvent}"/>, for a projection that needs the moment the log gave the event.</summary>
    private static Projection OfLogged<TEvent>(Func<TEvent, DateTimeOffset?> occurredAt,
        params Func<NpgsqlTransaction, TEvent, DateTimeOffset, CancellationToken, Task>[] applies)
        where TEvent : class =>
        new(EventTypeOf(typeof(TEvent)), typeof(TEvent), m => occurredAt((TEvent)m), async (t, m, at, ct) =>
        {
            foreach (var apply in applies)
            {
                await apply(t, (TEvent)m, at, ct);
            }
        });

    private static Task Nothing<TEvent>(NpgsqlTransaction transaction, TEvent message, CancellationToken ct) => Task.CompletedTask;

    private sealed record Projection(string EventType, Type Type, Func<object, DateTimeOffset?> OccurredAt,
        Func<NpgsqlTransaction, object, DateTimeOffset, CancellationToken, Task> Apply);
}
