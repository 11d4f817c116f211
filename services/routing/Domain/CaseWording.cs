using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;

namespace Supervision.Routing.Domain;

/// <summary>
/// Every sentence a case shows to people (timeline, decisions, notices, refusals), in one place, as phrases of
/// <see cref="RoutingTexts"/> worded when read in the reader's language. Durations come from the configured clocks,
/// so the words cannot drift from the deadlines.
/// </summary>
public sealed class CaseWording(CityDirectory directory, ClockPolicy clocks)
{
    public string UnitName(string unitId) => directory.FindUnit(unitId)?.Name ?? unitId;

    /// <summary>A unit by id: named as the directory names it, or by its id when the directory does not know it.</summary>
    public Phrase UnitNamed(string unitId) => directory.FindUnit(unitId) is { } unit ? Phrase.Of(unit) : new Phrase { Unit = unitId, Text = unitId };

    /// <summary>A refusal the gRPC edge words in the caller's language.</summary>
    public DomainRuleException Refusal(Phrase phrase) => new(phrase.Key ?? "", culture => phrase.In(culture, directory));

    /// <summary>"within the hour" / "1小时内", "within 5 days" / "5天内": in the largest unit that counts the span whole.</summary>
    public static Phrase Within(TimeSpan span)
    {
        var (count, unit) = span.Ticks % TimeSpan.TicksPerDay == 0 && span >= TimeSpan.FromDays(1) ? ((long)span.TotalDays, "day")
            : span.Ticks % TimeSpan.TicksPerHour == 0 && span >= TimeSpan.FromHours(1) ? ((long)span.TotalHours, "hour")
            : ((long)Math.Ceiling(span.TotalMinutes), "minute");
        return count == 1 ? Phrase.Of("within." + unit) : Phrase.Of("within." + unit + "s", Phrase.Number(count));
    }

    /// <summary>The stable key of an outcome ("outcome.partly-substantiated"), also what events carry for other services.</summary>
    public static string OutcomeKey(short outcome) => outcome switch
    {
        Outcomes.Substantiated => "outcome.substantiated",
        Outcomes.PartlySubstantiated => "outcome.partly-substantiated",
        Outcomes.Unsubstantiated => "outcome.unsubstantiated",
        Outcomes.CannotBeVerified => "outcome.cannot-be-verified",
        _ => "outcome.unspecified",
    };

    public static Phrase Outcome(short outcome) => Phrase.Of(OutcomeKey(outcome));

    public static Phrase DeadlineName(string kind) => Phrase.Of("deadline." + (DeadlineKinds.All.Contains(kind) ? kind : DeadlineKinds.Close));

    public static Phrase Category(string category) => RoutingTexts.Words.Has("category." + category) ? Phrase.Of("category." + category) : category;

    public static Phrase TaskState(string state) => RoutingTexts.Words.Has("task-state." + state) ? Phrase.Of("task-state." + state) : state;

    public static Phrase NoticeScopeName(string scope) => Phrase.Of("notice-scope." + (scope is NoticeScopes.Public or NoticeScopes.Division ? scope : NoticeScopes.Unit));

    public Phrase DivisionNamed(string code) => directory.FindDivision(code) is { } division ? Phrase.Name(division.Name, division.NameEn) : code;

    // Routing decisions
    public static Phrase Triage(string category, Unit unit, Phrase division) =>
        RoutingTexts.Phrase("decision.triage", Category(category), Phrase.Of(unit), division);

    public static Phrase CadrePlacement(Phrase managedBy, string category) => RoutingTexts.Phrase("decision.cadre-placement", managedBy, Category(category));

    public static Phrase ManagedAs(Cadre cadre) =>
        RoutingTexts.Phrase("decision.managed-as", cadre.Name, Phrase.Name(cadre.Post, cadre.PostEn), Authority(cadre.ManagementAuthority));

    public static Phrase ManagedByOwnUnit(Cadre cadre, Unit unit, Phrase level) =>
        RoutingTexts.Phrase("decision.managed-by-own-unit", cadre.Name, Phrase.Name(cadre.Post, cadre.PostEn), Phrase.Of(unit), level);

    private static Phrase Authority(string authority) =>
        RoutingTexts.Words.Has("authority." + authority) ? Phrase.Of("authority." + authority) : authority;

    public static Phrase UnitPlacement(Unit unit, Phrase division, string category) =>
        RoutingTexts.Phrase("decision.unit-placement", Phrase.Of(unit), division, Category(category));

    public Phrase AwaitingDispatchNotice(bool electionClock, Phrase reason) => electionClock
        ? RoutingTexts.Phrase("notice.awaiting-dispatch.election", Within(clocks.Options.ElectionDispatchWithin), reason)
        : RoutingTexts.Phrase("notice.awaiting-dispatch", reason);

    public static Phrase AwaitingDispatcher(Phrase where) => RoutingTexts.Phrase("decision.awaiting-dispatcher", where);

    public static Phrase HandledBy(Unit unit, Phrase reason) => RoutingTexts.Phrase("decision.handled-by", Phrase.Of(unit), reason);

    public static Phrase TransferredTo(Unit unit, Phrase reason) => RoutingTexts.Phrase("decision.transferred-to", Phrase.Of(unit), reason);

    public static Phrase CategoryAlsoFallsTo(string category, Unit unit) => RoutingTexts.Phrase("decision.category-also", Category(category), Phrase.Of(unit));

    public static Phrase JointHandlingWith(Unit unit, Phrase reason) => RoutingTexts.Phrase("decision.joint-with", Phrase.Of(unit), reason);

    // Opening and assignment
    public static Phrase Opened(string trackingNumber, string category, bool electionClock) =>
        electionClock ? RoutingTexts.Phrase("timeline.opened.election", trackingNumber, Category(category))
            : RoutingTexts.Phrase("timeline.opened", trackingNumber, Category(category));

    public static Phrase Supplemented(Guid reportId, int length) =>
        RoutingTexts.Phrase("timeline.supplemented", Phrase.Number(length), reportId.ToString());

    public static Phrase ReportAttached(string trackingNumber) => RoutingTexts.Phrase("timeline.report-attached", trackingNumber);

    public static readonly Phrase JoinedOpenCase = RoutingTexts.Phrase("decision.joined-open-case");

    public static Phrase Assigned(Unit unit, bool lead) =>
        lead ? RoutingTexts.Phrase("timeline.assigned.lead", Phrase.Of(unit)) : RoutingTexts.Phrase("timeline.assigned.co-unit", Phrase.Of(unit));

    public Phrase AssignedNotice(bool electionClock, bool lead, Phrase reason)
    {
        var notice = lead ? RoutingTexts.Phrase("notice.assigned.lead", reason) : RoutingTexts.Phrase("notice.assigned.co-unit", reason);
        return electionClock ? RoutingTexts.Phrase("notice.assigned.election", Within(clocks.Options.ElectionAcknowledgeWithin), notice) : notice;
    }

    public Phrase ElectionClockNotice =>
        RoutingTexts.Phrase("notice.election-clock", Within(clocks.Options.ElectionAcknowledgeWithin), Within(clocks.Options.ElectionCloseWithin));

    public static readonly Phrase ElectionClockStarted = RoutingTexts.Phrase("timeline.election-clock");

    // Handling and transfer
    public DomainRuleException NoPart(string unitId) => Refusal(RoutingTexts.Phrase("refusal.no-part", UnitNamed(unitId)));

    public DomainRuleException AlreadyAcknowledged(string taskState) => Refusal(RoutingTexts.Phrase("refusal.already-acknowledged", TaskState(taskState)));

    public Phrase Acknowledged(string unitId) => RoutingTexts.Phrase("timeline.acknowledged", UnitNamed(unitId));

    public DomainRuleException NoFurtherSteps(string taskState) => Refusal(RoutingTexts.Phrase("refusal.no-further-steps", TaskState(taskState)));

    public DomainRuleException AcknowledgeBeforeInvestigating => Refusal(RoutingTexts.Phrase("refusal.acknowledge-before-investigating"));

    public DomainRuleException QuestionsGoThroughFeedback => Refusal(RoutingTexts.Phrase("refusal.questions-through-feedback"));

    public static Phrase Question(string question) => RoutingTexts.Phrase("timeline.question", question);

    public DomainRuleException ConcludedCannotTransfer => Refusal(RoutingTexts.Phrase("refusal.concluded-cannot-transfer"));

    public static Phrase AlreadyLeads(Unit unit) => RoutingTexts.Phrase("refusal.already-leads", Phrase.Of(unit));

    public static Phrase AlreadyCoUnit(Unit unit) => RoutingTexts.Phrase("refusal.already-co-unit", Phrase.Of(unit));

    public DomainRuleException TooManyTransfers(int transfers, int maxTransfers) =>
        Refusal(RoutingTexts.Phrase("refusal.too-many-transfers", Phrase.Number(transfers), Phrase.Number(maxTransfers)));

    public DomainRuleException TransferLoop(Unit unit) => Refusal(RoutingTexts.Phrase("refusal.transfer-loop", Phrase.Of(unit)));

    public static Phrase Moved(Unit to, bool dispatched, Phrase reason) =>
        dispatched ? RoutingTexts.Phrase("timeline.dispatched", Phrase.Of(to), reason) : TransferredTo(to, reason);

    public DomainRuleException JointNeedsLeadAndOpenCase => Refusal(RoutingTexts.Phrase("refusal.joint-needs-lead"));

    public static Phrase JoinsCase(Unit unit, Phrase reason) => RoutingTexts.Phrase("timeline.joins", Phrase.Of(unit), reason);

    // Conclusion and feedback
    public DomainRuleException AlreadyConcluded => Refusal(RoutingTexts.Phrase("refusal.already-concluded"));

    public DomainRuleException PartAlready(string taskState) => Refusal(RoutingTexts.Phrase("refusal.part-already", TaskState(taskState)));

    public DomainRuleException AcknowledgeFirst => Refusal(RoutingTexts.Phrase("refusal.acknowledge-first"));

    public DomainRuleException InvestigateBeforeConcluding => Refusal(RoutingTexts.Phrase("refusal.investigate-before-concluding"));

    public static readonly Phrase PublicSummaryRequired = RoutingTexts.Phrase("refusal.public-summary-required");

    public static Phrase MeasuresRequired(short outcome) => RoutingTexts.Phrase("refusal.measures-required", Outcome(outcome));

    public Phrase NoticeIssued(string unitId, string scope) => RoutingTexts.Phrase("timeline.notice-issued", UnitNamed(unitId), NoticeScopeName(scope));

    public Phrase Contributed(string unitId) => RoutingTexts.Phrase("timeline.contributed", UnitNamed(unitId));

    public DomainRuleException WaitingForContributions(IEnumerable<string> unitIds) =>
        Refusal(RoutingTexts.Phrase("refusal.waiting-for-contributions", Phrase.ListOf(unitIds.Select(UnitNamed))));

    public Phrase Concluded(string unitId, short outcome) => RoutingTexts.Phrase("timeline.concluded", UnitNamed(unitId), Outcome(outcome));

    public DomainRuleException FeedbackByLead => Refusal(RoutingTexts.Phrase("refusal.feedback-by-lead"));

    public DomainRuleException FeedbackNotNow(short state) => Refusal(state < CaseStates.Concluded
        ? RoutingTexts.Phrase("refusal.conclude-before-feedback") : RoutingTexts.Phrase("refusal.feedback-already-given"));

    public static Phrase FeedbackToReporters(int count, string deliveredBy) => deliveredBy.Length > 0
        ? RoutingTexts.Phrase("timeline.feedback-to-reporters.by", Phrase.Number(count), deliveredBy)
        : RoutingTexts.Phrase("timeline.feedback-to-reporters", Phrase.Number(count));

    public Phrase FeedbackToLeadership(int count, string leadershipUnitId) =>
        RoutingTexts.Phrase("timeline.feedback-to-leadership", Phrase.Number(count), UnitNamed(leadershipUnitId));

    public static Phrase FeedbackToLeadershipNotice(string result) => RoutingTexts.Phrase("notice.feedback-to-leadership", result);

    /// <summary>Why a case closed: the keys are shared with intake (CaseClosed.ReasonKey), which words them for reporters.</summary>
    public static readonly Phrase ClosedByLeadershipFeedback = RoutingTexts.Phrase(Contracts.Events.Routing.CaseClosingReasons.ToLeadership);

    public DomainRuleException AccusedUnitUnknown(int anonymousReports) =>
        Refusal(RoutingTexts.Phrase("refusal.accused-unit-unknown", Phrase.Number(anonymousReports)));

    public static readonly Phrase Disputed = RoutingTexts.Phrase("timeline.disputed");

    public static readonly Phrase DisputedNotice = RoutingTexts.Phrase("notice.disputed");

    public static readonly Phrase Accepted = RoutingTexts.Phrase("timeline.accepted");

    public static readonly Phrase ClosedByAcceptance = RoutingTexts.Phrase(Contracts.Events.Routing.CaseClosingReasons.Accepted);

    public DomainRuleException DisputeByLead => Refusal(RoutingTexts.Phrase("refusal.dispute-by-lead"));

    public DomainRuleException NoOpenDispute => Refusal(RoutingTexts.Phrase("refusal.no-open-dispute"));

    public static Phrase Explanation(string explanation) => RoutingTexts.Phrase("timeline.explanation", explanation);

    public static Phrase ClosedByExplanation(string explanation) => RoutingTexts.Phrase(Contracts.Events.Routing.CaseClosingReasons.Explained, explanation);

    public static Phrase Reopened(string explanation) => RoutingTexts.Phrase("timeline.reopened", explanation);

    public static Phrase Closed(Phrase reason) => RoutingTexts.Phrase("timeline.closed", reason);

    // Phone notice of election cases
    public Phrase PhoneNoticeTask(Unit handling, OnShift? shift, DateTimeOffset callBy) =>
        RoutingTexts.Phrase("notice.phone-task", Phrase.Of(handling), Within(clocks.Options.ElectionPhoneNoticeWithin), Phrase.Time(callBy),
            shift is null ? RoutingTexts.Phrase("notice.phone-task.nobody-on-duty")
            : string.IsNullOrWhiteSpace(shift.Phone) ? RoutingTexts.Phrase("notice.phone-task.no-phone", shift.Officer)
            : RoutingTexts.Phrase("notice.phone-task.on-duty", shift.Officer, shift.Phone));

    public Phrase PhoneNoticeConfirmed(string unitId, PhoneCall call) =>
        RoutingTexts.Phrase("timeline.phone-notice-confirmed", call.CallerName, UnitNamed(unitId), Phrase.Time(call.CalledAt), call.CalleeName);

    public DomainRuleException PhoneNoticeAlreadyConfirmed => Refusal(RoutingTexts.Phrase("refusal.phone-already-confirmed"));

    public DomainRuleException CalledBeforeTheCaseArrived(DateTimeOffset createdAt) =>
        Refusal(RoutingTexts.Phrase("refusal.called-before-arrival", Phrase.Time(createdAt)));

    // Escalation
    public static Phrase NobodyOnDuty(Unit unit, Phrase message) => RoutingTexts.Phrase("notice.nobody-on-duty", Phrase.Of(unit), message);

    public Phrase Overdue(string unitId, string kind, DateTimeOffset dueAt) =>
        RoutingTexts.Phrase("timeline.overdue", UnitNamed(unitId), DeadlineName(kind), Phrase.Time(dueAt));

    public static Phrase OverdueNotice(Guid caseId, string kind) => RoutingTexts.Phrase("notice.overdue", caseId.ToString(), DeadlineName(kind));

    public static Phrase MissedDeadline(Unit unit, string kind) => RoutingTexts.Phrase("decision.missed-deadline", Phrase.Of(unit), DeadlineName(kind));

    public static Phrase Escalated(Unit upper, Phrase reason) => RoutingTexts.Phrase("timeline.escalated", Phrase.Of(upper), reason);

    public static Phrase EscalatedNotice(Guid caseId, Phrase reason) => RoutingTexts.Phrase("notice.escalated", caseId.ToString(), reason);
}
