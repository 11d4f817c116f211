using System.Globalization;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Data;
using Supervision.Intake.V1;
using Supervision.Reference;

namespace Supervision.Intake.Domain;

/// <summary>
/// Every word a reporter reads on the timeline, in one place: the steps intake records itself, and one
/// entry per routing case event intake follows (<see cref="CaseEvents"/>): which of the event's reports a
/// step is recorded on, the words they read and the state they move to. Each step and word has a stable id,
/// the key its wording gets in the resource files.
/// </summary>
public static class PublicProgress
{
    public static readonly TimelineStep Received = new("report.received", "received", "Report received by the intake centre");
    public static readonly TimelineStep ReceivedOnElectionClock = new("report.received.election", "received",
        "Report received by the intake centre; election-related reports are handled on the election clock");
    public static readonly TimelineStep Supplemented = new("report.supplemented", "supplemented", "The reporter added information");
    public static readonly TimelineStep Accepted = new("report.accepted", "accepted", "The reporter accepted the result");
    public static readonly TimelineStep Disputed = new("report.disputed", "disputed", "The reporter disputed the result");
    public static readonly TimelineStep StaffMessage = new("report.message", "message", "A message from the handling staff");

    // Unit names are public; a unit the directory does not know is named by its part in the case.
    public static readonly PublicWord HandlingUnit = new("unit.handling", "the handling unit");
    public static readonly PublicWord HandlingUnitFirst = new("unit.handling.first", "The handling unit");
    public static readonly PublicWord AnotherUnit = new("unit.another", "another unit");

    /// <summary>
    /// Routing's public-facing case events. Routing's reasons (a rule's failure, a dispatcher's free text, the
    /// accused named in an assignment) stay with the staff: no step shows them.
    /// </summary>
    public static readonly IReadOnlyList<CaseEvent> CaseEvents =
    [
        // A case opened for the report alone shows when it is assigned.
        CaseEvent.Of<CaseOpened>(e => e.CaseId, e => e.At)
            .Step("case.attached", "attached", "Handled together with earlier reports about the same matter",
                e => e.AttachedToExistingCase ? [e.ReportId] : []),
        CaseEvent.Of<CaseAwaitingDispatch>(e => e.CaseId, e => e.At)
            .Step("case.awaiting-dispatch", "awaiting-dispatch", "Waiting for a dispatcher to choose the handling unit", e => e.ReportIds),
        // The lead unit's assignment moves the reports to ASSIGNED; a co-unit only adds to the timeline.
        CaseEvent.Of<CaseAssigned>(e => e.CaseId, e => e.At)
            .Step("case.assigned", "assigned", "Assigned to {0} for handling",
                e => e.Lead ? e.ReportIds : [], Forward(ReportState.Assigned), (e, _) => [e.UnitName])
            .Step("case.assigned.co-unit", "assigned", "{0} joins the handling as a co-operating unit",
                e => e.Lead ? [] : e.ReportIds, arguments: (e, _) => [e.UnitName]),
        CaseEvent.Of<CaseAcknowledged>(e => e.CaseId, e => e.At)
            .Step("case.acknowledged", "acknowledged", "{0} acknowledged the report and is investigating",
                e => e.ReportIds, Forward(ReportState.UnderInvestigation), (e, d) => [UnitName(d, e.UnitId, HandlingUnitFirst)]),
        // The state stays where it is.
        CaseEvent.Of<CaseTransferred>(e => e.CaseId, e => e.At)
            .Step("case.transferred", "transferred", "Transferred to {0} for handling",
                e => e.ReportIds, arguments: (e, d) => [UnitName(d, e.ToUnitId, AnotherUnit)]),
        CaseEvent.Of<CaseConcluded>(e => e.CaseId, e => e.At)
            .Step("case.concluded", "concluded", "Concluded by {0}: {1}",
                e => e.ReportIds, Forward(ReportState.Concluded), (e, d) => [UnitName(d, e.UnitId, HandlingUnit), e.PublicSummary.Trim()])
            // Whoever investigates, announces: a public outcome notice is the reporters' to read; a unit's or division's is not.
            .Step("case.outcome-notice", "outcome-notice", "Outcome notice of {0}: {1}",
                e => e.NoticeScope == PublicNoticeScope && e.NoticeText.Trim().Length > 0 ? e.ReportIds : [],
                arguments: (e, d) => [UnitName(d, e.UnitId, HandlingUnit), e.NoticeText.Trim()]),
        // The single exit: real-name reporters read the result (and may accept or dispute it); anonymous
        // reporters see that it went to the leadership team of every accused unit (routing refuses feedback without one).
        CaseEvent.Of<FeedbackGiven>(e => e.CaseId, e => e.At)
            .Step("case.feedback", "feedback", "Result ({0}): {1} — accept it or dispute it here",
                e => e.RealNameReportIds, Forward(ReportState.FeedbackGiven), (e, _) => [e.Outcome, e.Result.Trim()])
            .Step("case.feedback.to-leadership", "feedback-to-leadership",
                "Result ({0}) delivered to the leadership team of each accused unit, collectively ({1} unit(s))",
                e => e.AnonymousReportIds, arguments: (e, _) => [e.Outcome, LeadershipUnits(e)]),
        // The disputing report recorded its own answer; this keeps a report that disputed elsewhere (a retry) in step.
        CaseEvent.Of<CaseDisputed>(e => e.CaseId, e => e.At)
            .Step("case.dispute-received", "dispute-received", "The handling unit received the dispute",
                e => [e.ReportId], Forward(ReportState.Disputed)),
        // A supplementary investigation: the one step back the case lifecycle allows.
        CaseEvent.Of<CaseReopened>(e => e.CaseId, e => e.At)
            .Step("case.reopened", "reopened", "A supplementary investigation was opened",
                e => e.ReportIds, new ReportStateChange(ReportState.UnderInvestigation, [ReportState.FeedbackGiven, ReportState.Disputed])),
        CaseEvent.Of<CaseClosed>(e => e.CaseId, e => e.At)
            // The reason is the reporters' to read: a dispute closed with an explanation carries the explanation.
            .Step("case.closed", "closed", "The case is closed: {0}", e => e.ReportIds, Forward(ReportState.Closed), (e, _) => [e.Reason.Trim()]),
    ];

    private static readonly Dictionary<Type, CaseEvent> ByEvent = CaseEvents.ToDictionary(e => e.Event);

    /// <summary>The first timeline entry of a report; election-related reports are told of their clock.</summary>
    public static TimelineStep ReceivedStep(bool electionClock) => electionClock ? ReceivedOnElectionClock : Received;

    public static CaseEvent<TEvent> For<TEvent>() where TEvent : class =>
        ByEvent.TryGetValue(typeof(TEvent), out var entry)
            ? (CaseEvent<TEvent>)entry
            : throw new InvalidOperationException($"{typeof(TEvent).Name} has no entry in the public progress table.");

    private static ReportStateChange Forward(ReportState to) => new(to);

    /// <summary>The outcome notice scope reporters may read (routing's NoticeScopes.Public).</summary>
    private const string PublicNoticeScope = "public";

    /// <summary>How many leadership teams received the result; a first-version event names one unit.</summary>
    private static int LeadershipUnits(FeedbackGiven e) => e.LeadershipUnitIds.Count > 0 ? e.LeadershipUnitIds.Count : e.LeadershipUnitId is null ? 0 : 1;

    private static string UnitName(CityDirectory directory, string unitId, PublicWord unknown) =>
        directory.FindUnit(unitId)?.Name ?? unknown.Text;
}

/// <summary>A step a reporter reads on the timeline; <see cref="Id"/> is the stable key of its <see cref="Wording"/>.</summary>
public sealed record TimelineStep(string Id, string Kind, string Wording)
{
    /// <summary>The entry as stored, with the wording's placeholders ({0}, {1}, ...) filled in.</summary>
    public PublicStep Describe(params object?[] arguments) =>
        new(Kind, arguments.Length == 0 ? Wording : string.Format(CultureInfo.InvariantCulture, Wording, arguments));
}

/// <summary>Words that fill a step's placeholder.</summary>
public sealed record PublicWord(string Id, string Text);

/// <summary>One routing case event in the table: the steps it records, each on some of the reports it names.</summary>
public abstract class CaseEvent(Type @event)
{
    public Type Event { get; } = @event;

    public abstract IReadOnlyList<CaseProgressStep> Steps { get; }

    public static CaseEvent<TEvent> Of<TEvent>(Func<TEvent, Guid> caseId, Func<TEvent, DateTimeOffset> at) where TEvent : class =>
        new(caseId, at);
}

/// <summary>A step of a case event: its words and how it moves the reports it is recorded on.</summary>
public abstract record CaseProgressStep(TimelineStep Step, ReportStateChange? State);

public sealed class CaseEvent<TEvent>(Func<TEvent, Guid> caseId, Func<TEvent, DateTimeOffset> at) : CaseEvent(typeof(TEvent)) where TEvent : class
{
    private readonly List<Row> _rows = [];

    public override IReadOnlyList<CaseProgressStep> Steps => _rows;

    public IReadOnlyList<Row> Rows => _rows;

    public Guid CaseId(TEvent message) => caseId(message);

    /// <summary>The step <paramref name="row"/> records for <paramref name="message"/>, at the time of the event.</summary>
    public CaseProgress Describe(Row row, TEvent message, CityDirectory directory) =>
        new(row.Step.Describe(row.Arguments?.Invoke(message, directory) ?? []), at(message), row.State);

    public CaseEvent<TEvent> Step(string id, string kind, string wording, Func<TEvent, IReadOnlyList<Guid>> reports,
        ReportStateChange? state = null, Func<TEvent, CityDirectory, object?[]>? arguments = null)
    {
        _rows.Add(new Row(new TimelineStep(id, kind, wording), state, reports, arguments));
        return this;
    }

    /// <summary>A step of this event; <see cref="Reports"/> picks the reports it is recorded on (none: not recorded).</summary>
    public sealed record Row(TimelineStep Step, ReportStateChange? State, Func<TEvent, IReadOnlyList<Guid>> Reports,
        Func<TEvent, CityDirectory, object?[]>? Arguments) : CaseProgressStep(Step, State);
}
