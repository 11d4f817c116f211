using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Data;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Intake.Domain;

/// <summary>
/// Every word a reporter reads on the timeline, in one place: the steps intake records itself, and one
/// entry per routing case event intake follows (<see cref="CaseEvents"/>): which of the event's reports a
/// step is recorded on, the words they read and the state they move to. Each step and word has a stable id,
/// its key in <see cref="IntakeTexts"/>. A step is stored as its key and arguments and worded when it is read,
/// in the reader's language (<see cref="Read"/>).
/// </summary>
public static class PublicProgress
{
    public static readonly TimelineStep Received = new("report.received", "received");
    public static readonly TimelineStep ReceivedOnElectionClock = new("report.received.election", "received");
    public static readonly TimelineStep ReceivedByInspectionTour = new("report.received.inspection-tour", "received");
    public static readonly TimelineStep ReceivedByInspectionTourOnElectionClock = new("report.received.inspection-tour.election", "received");
    public static readonly TimelineStep Supplemented = new("report.supplemented", "supplemented");
    public static readonly TimelineStep Accepted = new("report.accepted", "accepted");
    public static readonly TimelineStep Disputed = new("report.disputed", "disputed");
    public static readonly TimelineStep StaffMessage = new("report.message", "message");

    // Unit names are public; a unit the directory does not know is named by its part in the case.
    public const string HandlingUnit = "unit.handling";
    public const string HandlingUnitFirst = "unit.handling.first";
    public const string AnotherUnit = "unit.another";

    /// <summary>
    /// Routing's public-facing case events. Routing's reasons (a rule's failure, a dispatcher's free text, the
    /// accused named in an assignment) stay with the staff: no step shows them.
    /// </summary>
    public static readonly IReadOnlyList<CaseEvent> CaseEvents =
    [
        // A case opened for the report alone shows when it is assigned.
        CaseEvent.Of<CaseOpened>(e => e.CaseId, e => e.At)
            .Step("case.attached", "attached", e => e.AttachedToExistingCase ? [e.ReportId] : []),
        CaseEvent.Of<CaseAwaitingDispatch>(e => e.CaseId, e => e.At)
            .Step("case.awaiting-dispatch", "awaiting-dispatch", e => e.ReportIds),
        // The lead unit's assignment moves the reports to ASSIGNED; a co-unit only adds to the timeline.
        CaseEvent.Of<CaseAssigned>(e => e.CaseId, e => e.At)
            .Step("case.assigned", "assigned", e => e.Lead ? e.ReportIds : [], Forward(ReportState.Assigned),
                e => [StepArgument.UnitNamed(e.UnitId, e.UnitName)])
            .Step("case.assigned.co-unit", "assigned", e => e.Lead ? [] : e.ReportIds,
                arguments: e => [StepArgument.UnitNamed(e.UnitId, e.UnitName)]),
        CaseEvent.Of<CaseAcknowledged>(e => e.CaseId, e => e.At)
            .Step("case.acknowledged", "acknowledged", e => e.ReportIds, Forward(ReportState.UnderInvestigation),
                e => [StepArgument.UnitOr(e.UnitId, HandlingUnitFirst)]),
        // The state stays where it is.
        CaseEvent.Of<CaseTransferred>(e => e.CaseId, e => e.At)
            .Step("case.transferred", "transferred", e => e.ReportIds, arguments: e => [StepArgument.UnitOr(e.ToUnitId, AnotherUnit)]),
        CaseEvent.Of<CaseConcluded>(e => e.CaseId, e => e.At)
            .Step("case.concluded", "concluded", e => e.ReportIds, Forward(ReportState.Concluded),
                e => [StepArgument.UnitOr(e.UnitId, HandlingUnit), StepArgument.AsWritten(e.PublicSummary.Trim())])
            // Whoever investigates, announces: a public outcome notice is the reporters' to read; a unit's or division's is not.
            .Step("case.outcome-notice", "outcome-notice",
                e => e.NoticeScope == PublicNoticeScope && e.NoticeText.Trim().Length > 0 ? e.ReportIds : [],
                arguments: e => [StepArgument.UnitOr(e.UnitId, HandlingUnit), StepArgument.AsWritten(e.NoticeText.Trim())]),
        // The single exit: real-name reporters read the result (and may accept or dispute it); anonymous
        // reporters see that it went to the leadership team of every accused unit (routing refuses feedback without one).
        CaseEvent.Of<FeedbackGiven>(e => e.CaseId, e => e.At)
            .Step("case.feedback", "feedback", e => e.RealNameReportIds, Forward(ReportState.FeedbackGiven),
                e => [Outcome(e.OutcomeKey, e.Outcome), StepArgument.AsWritten(e.Result.Trim())])
            .Step("case.feedback.to-leadership", "feedback-to-leadership", e => e.AnonymousReportIds, arguments: e => [Outcome(e.OutcomeKey, e.Outcome), StepArgument.AsWritten(LeadershipUnits(e).ToString(System.Globalization.CultureInfo.InvariantCulture))]),
        // The disputing report recorded its own answer; this keeps a report that disputed elsewhere (a retry) in step.
        CaseEvent.Of<CaseDisputed>(e => e.CaseId, e => e.At)
            .Step("case.dispute-received", "dispute-received", e => [e.ReportId], Forward(ReportState.Disputed)),
        // A supplementary investigation: the one step back the case lifecycle allows.
        CaseEvent.Of<CaseReopened>(e => e.CaseId, e => e.At)
            .Step("case.reopened", "reopened", e => e.ReportIds,
                new ReportStateChange(ReportState.UnderInvestigation, [ReportState.FeedbackGiven, ReportState.Disputed])),
        CaseEvent.Of<CaseClosed>(e => e.CaseId, e => e.At)
            // The reason is the reporters' to read: a dispute closed with an explanation carries the explanation.
            .Step("case.closed", "closed", e => e.ReportIds, Forward(ReportState.Closed), e => [ClosingReason(e)]),
    ];

    private static readonly Dictionary<Type, CaseEvent> ByEvent = CaseEvents.ToDictionary(e => e.Event);

    /// <summary>The first timeline entry of a report; election-related reports are told of their clock.</summary>
    public static TimelineStep ReceivedStep(bool electionClock, bool byInspectionTour = false) => (electionClock, byInspectionTour) switch
    {
        (true, true) => ReceivedByInspectionTourOnElectionClock,
        (false, true) => ReceivedByInspectionTour,
        (true, false) => ReceivedOnElectionClock,
        _ => Received,
    };

    public static CaseEvent<TEvent> For<TEvent>() where TEvent : class =>
        ByEvent.TryGetValue(typeof(TEvent), out var entry)
            ? (CaseEvent<TEvent>)entry
            : throw new InvalidOperationException($"{typeof(TEvent).Name} has no entry in the public progress table.");

    /// <summary>
    /// A stored timeline entry in <paramref name="culture"/> (the caller's language unless given). An entry written
    /// before entries kept their key, or with a key the resource files no longer have, reads as it was stored.
    /// </summary>
    public static string Read(TimelineRecord entry, CityDirectory directory, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        return entry.WordingKey is { } key && IntakeTexts.Words.Has(key)
            ? Word(key, StepArgument.FromJson(entry.WordingArgs), directory, culture)
            : entry.Description;
    }

    /// <summary>The words of <paramref name="key"/> with its arguments worded in <paramref name="culture"/>.</summary>
    public static string Word(string key, IReadOnlyList<StepArgument> arguments, CityDirectory? directory, CultureInfo culture) =>
        IntakeTexts.Words.In(culture, key, arguments.Select(a => (object?)a.Read(directory, culture)).ToArray());

    private static ReportStateChange Forward(ReportState to) => new(to);

    /// <summary>
    /// An outcome by the stable key routing sends ("outcome.partly-substantiated"), worded from these resource files. An
    /// event without a key (the first version), or with a key these files lack, reads as routing wrote it.
    /// </summary>
    private static StepArgument Outcome(string? key, string written) =>
        key is not null && IntakeTexts.Words.Has(key) ? StepArgument.Of(key) : StepArgument.AsWritten(written.Trim());

    /// <summary>
    /// Why the case closed, by the key routing sends (CaseClosingReasons), worded from these resource files with its
    /// argument (an explanation a unit wrote) as written. An event without a known key reads as routing wrote it.
    /// </summary>
    private static StepArgument ClosingReason(CaseClosed e) =>
        e.ReasonKey is { } key && IntakeTexts.Words.Has(key)
            ? StepArgument.Of(key, e.ReasonArgs.Count > 0 ? e.ReasonArgs[0].Trim() : null)
            : StepArgument.AsWritten(e.Reason.Trim());

    /// <summary>The outcome notice scope reporters may read (routing's NoticeScopes.Public).</summary>
    private const string PublicNoticeScope = "public";

    /// <summary>How many leadership teams received the result; a first-version event names one unit.</summary>
    private static int LeadershipUnits(FeedbackGiven e) => e.LeadershipUnitIds.Count > 0 ? e.LeadershipUnitIds.Count : e.LeadershipUnitId is null ? 0 : 1;
}

/// <summary>A step a reporter reads on the timeline; <see cref="Id"/> is the key of its words in <see cref="IntakeTexts"/>.</summary>
public sealed record TimelineStep(string Id, string Kind)
{
    /// <summary>
    /// The entry as stored: its key and arguments, and its words in Simplified Chinese for readers that know only
    /// the stored text (an instance of the previous version during a rolling update).
    /// </summary>
    public PublicStep Describe(params StepArgument[] arguments) => Describe(null, arguments);

    public PublicStep Describe(CityDirectory? directory, params StepArgument[] arguments) =>
        new(Kind, PublicProgress.Word(Id, arguments, directory, RequestLanguage.Neutral), Id, StepArgument.ToJson(arguments));
}

/// <summary>
/// What fills a placeholder of a step, as stored: a word of the resource files (<see cref="Word"/>, with
/// <see cref="Text"/> as its own argument), a unit of the directory (named in the reader's language; when the
/// directory does not know it, by <see cref="Word"/> or <see cref="Text"/>), or text as someone wrote it.
/// </summary>
public sealed record StepArgument
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string? Word { get; init; }
    public string? Unit { get; init; }
    public string? Text { get; init; }

    public static StepArgument Of(string word, string? text = null) => new() { Word = word, Text = text };

    public static StepArgument AsWritten(string text) => new() { Text = text };

    public static StepArgument UnitOr(string unitId, string unknownWord) => new() { Unit = unitId, Word = unknownWord };

    public static StepArgument UnitNamed(string unitId, string name) => new() { Unit = unitId, Text = name };

    public string Read(CityDirectory? directory, CultureInfo culture)
    {
        if (Unit is not null && directory?.FindUnit(Unit) is { } unit)
        {
            return RequestLanguage.Name(unit.Name, unit.NameEn, culture);
        }
        if (Word is not null && IntakeTexts.Words.Has(Word))
        {
            return Text is null ? IntakeTexts.Words.In(culture, Word) : IntakeTexts.Words.In(culture, Word, Text);
        }
        return Text ?? Word ?? Unit ?? "";
    }

    public static string ToJson(IReadOnlyList<StepArgument> arguments) => JsonSerializer.Serialize(arguments, Json);

    public static IReadOnlyList<StepArgument> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<StepArgument>>(json, Json) ?? [];
}

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
        new(row.Step.Describe(directory, row.Arguments?.Invoke(message) ?? []), at(message), row.State);

    public CaseEvent<TEvent> Step(string id, string kind, Func<TEvent, IReadOnlyList<Guid>> reports,
        ReportStateChange? state = null, Func<TEvent, StepArgument[]>? arguments = null)
    {
        _rows.Add(new Row(new TimelineStep(id, kind), state, reports, arguments));
        return this;
    }

    /// <summary>A step of this event; <see cref="Reports"/> picks the reports it is recorded on (none: not recorded).</summary>
    public sealed record Row(TimelineStep Step, ReportStateChange? State, Func<TEvent, IReadOnlyList<Guid>> Reports,
        Func<TEvent, StepArgument[]>? Arguments) : CaseProgressStep(Step, State);
}
