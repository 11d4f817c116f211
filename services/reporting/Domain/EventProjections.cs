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
        Of<ReportReceived>(e => e.ReceivedAt, ProjectionStore.ReportReceivedAsync),
        Of<CaseOpened>(e => e.At, ProjectionStore.CaseOpenedAsync),
        Of<CaseAwaitingDispatch>(e => e.At, ProjectionStore.CaseAwaitingDispatchAsync),
        Of<CaseAssigned>(e => e.At, ProjectionStore.CaseAssignedAsync),
        Of<CaseAcknowledged>(e => e.At, ProjectionStore.CaseAcknowledgedAsync),
        Of<CaseConcluded>(e => e.At, ProjectionStore.CaseConcludedAsync),
        Of<FeedbackGiven>(e => e.At, ProjectionStore.FeedbackGivenAsync),
        Of<CaseClosed>(e => e.At, ProjectionStore.CaseClosedAsync),
        Of<CaseDisputed>(e => e.At, ProjectionStore.CaseDisputedAsync),
        Of<CaseEscalated>(e => e.At, ProjectionStore.CaseEscalatedAsync),
        Of<CaseOverdue>(e => e.At, ProjectionStore.CaseOverdueAsync),
        Of<CaseNotified>(e => e.At, ProjectionStore.CaseNotifiedAsync),
        // Kept in the log for the projections still to come (the ledger); nothing reads them yet.
        Of<CaseTransferred>(e => e.At, (_, _, _) => Task.CompletedTask),
        Of<CaseReopened>(e => e.At, (_, _, _) => Task.CompletedTask),
        // Inspection: rectification items count for their responsible unit; an overdue one is a missed deadline.
        Of<RectificationItemChanged>(e => e.At, ProjectionStore.RectificationItemChangedAsync),
        Of<RectificationOverdue>(e => e.At, ProjectionStore.RectificationOverdueAsync),
        Of<FindingRecorded>(e => e.At, (_, _, _) => Task.CompletedTask),
        Of<TourReportReviewed>(e => e.At, (_, _, _) => Task.CompletedTask),
        // Evaluation: consequences carry no moment of their own; they are logged when sent.
        Of<ConsequenceApplied>(_ => null, (_, _, _) => Task.CompletedTask),
        Of<ConsequenceDue>(e => e.DueAt, (_, _, _) => Task.CompletedTask),
    }.ToDictionary(p => p.EventType, StringComparer.Ordinal);

    /// <summary>The event types the service logs, by the name the log stores.</summary>
    public static IReadOnlyCollection<string> EventTypes => ByType.Keys;

    public static string EventTypeOf(Type type) => type.FullName!;

    /// <summary>The moment the event describes, as the log stores it.</summary>
    public static DateTimeOffset? OccurredAt<TEvent>(TEvent message) where TEvent : class => Find(EventTypeOf(typeof(TEvent))).OccurredAt(message);

    /// <summary>Applies one logged event to the projections: the same code for a live event and for a rebuild.</summary>
    public static Task ApplyAsync(NpgsqlTransaction transaction, string eventType, string payload, CancellationToken ct)
    {
        var projection = Find(eventType);
        var message = JsonSerializer.Deserialize(payload, projection.Type, Json)
                      ?? throw new InvalidOperationException($"The log holds an empty {eventType}.");
        return projection.Apply(transaction, message, ct);
    }

    private static Projection Find(string eventType) =>
        ByType.GetValueOrDefault(eventType) ?? throw new InvalidOperationException($"No projection handles {eventType}.");

    private static Projection Of<TEvent>(Func<TEvent, DateTimeOffset?> occurredAt, Func<NpgsqlTransaction, TEvent, CancellationToken, Task> apply)
        where TEvent : class =>
        new(EventTypeOf(typeof(TEvent)), typeof(TEvent), m => occurredAt((TEvent)m), (t, m, ct) => apply(t, (TEvent)m, ct));

    private sealed record Projection(string EventType, Type Type, Func<object, DateTimeOffset?> OccurredAt,
        Func<NpgsqlTransaction, object, CancellationToken, Task> Apply);
}
