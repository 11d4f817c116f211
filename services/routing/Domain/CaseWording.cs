using System.Globalization;
using Supervision.Reference;
using Supervision.Routing.Data;

namespace Supervision.Routing.Domain;

/// <summary>
/// Every sentence a case shows to people (timeline, notices, refusals), in one place: durations come
/// from the configured clocks, so the words cannot drift from the deadlines.
/// </summary>
public sealed class CaseWording(CityDirectory directory, ClockPolicy clocks)
{
    public string UnitName(string unitId) => directory.FindUnit(unitId)?.Name ?? unitId;

    /// <summary>"within the hour", "within 5 days", "within 90 minutes".</summary>
    public static string Within(TimeSpan span)
    {
        var (count, unit) = Counted(span);
        return count == 1 ? $"within the {unit}" : "within " + Duration(span);
    }

    /// <summary>"1 hour", "5 days", "90 minutes": in the largest unit that counts the span whole.</summary>
    public static string Duration(TimeSpan span)
    {
        var (count, unit) = Counted(span);
        return $"{count.ToString(CultureInfo.InvariantCulture)} {unit}{(count == 1 ? "" : "s")}";
    }

    private static (long Count, string Unit) Counted(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 && span >= TimeSpan.FromDays(1) ? ((long)span.TotalDays, "day")
        : span.Ticks % TimeSpan.TicksPerHour == 0 && span >= TimeSpan.FromHours(1) ? ((long)span.TotalHours, "hour")
        : ((long)Math.Ceiling(span.TotalMinutes), "minute");

    public static string OutcomeName(short outcome) => outcome switch
    {
        1 => "substantiated",
        2 => "partly substantiated",
        3 => "unsubstantiated",
        4 => "cannot be verified",
        _ => "unspecified",
    };

    public static string DeadlineName(string kind) => kind switch
    {
        DeadlineKinds.Acknowledge => "acknowledgement",
        DeadlineKinds.InvestigationStart => "start of the on-site investigation",
        DeadlineKinds.Feedback => "feedback to the reporter",
        DeadlineKinds.Dispatch => "dispatch from the queue",
        DeadlineKinds.PhoneNotice => "phone call to the handling unit",
        _ => "closing",
    };

    // Routing decisions
    public static string Triage(string category, Unit unit, string divisionName) => $"Category {category} is handled by {unit.Name} at {divisionName}";

    public static string CadrePlacement(string managedBy, string category) => $"{managedBy}; category {category}";

    public static string ManagedAs(Cadre cadre) => $"cadre {cadre.Name} ({cadre.Post}) is {cadre.ManagementAuthority}";

    public static string ManagedByOwnUnit(Cadre cadre, Unit unit, string levelName) =>
        $"cadre {cadre.Name} ({cadre.Post}) is {cadre.ManagementAuthority}: managed by their own unit {unit.Name}, at {levelName}";

    public static string UnitPlacement(Unit unit, string divisionName, string category) => $"unit {unit.Name} is at {divisionName}; category {category}";

    public string AwaitingDispatchNotice(bool electionClock, string reason) =>
        (electionClock ? $"Election report waiting for dispatch: place it {Within(clocks.Options.ElectionDispatchWithin)}. "
            : "Report waiting for dispatch: place it by the end of the working day. ") + reason;

    public static string AwaitingDispatcher(string where) => $"No subject is a cadre or unit in the directory: waiting for a dispatcher at {where}";

    public static string HandledBy(Unit unit, string reason) => $"Handled by {unit.Name}: {reason}";

    public static string TransferredTo(Unit unit, string reason) => $"Transferred to {unit.Name}: {reason}";

    public static string CategoryAlsoFallsTo(string category, Unit unit) => $"Category {category} also falls to {unit.Name}: joint handling";

    public static string JointHandlingWith(Unit unit, string reason) => $"Joint handling with {unit.Name}: {reason}";

    // Opening and assignment
    public static string Opened(string trackingNumber, string category, bool electionClock) =>
        $"Case opened for report {trackingNumber} ({category}{(electionClock ? ", election clock" : "")})";

    public static string Supplemented(Guid reportId, int length) => $"The reporter added information ({length} characters) to report {reportId}";

    public static string ReportAttached(string trackingNumber) => $"Report {trackingNumber} attached: same cadre and matter";

    public const string JoinedOpenCase = "Joined the open case about the same cadre and matter";

    public static string Assigned(Unit unit, bool lead) => $"{(lead ? "Lead" : "Joint handling")}: {unit.Name}";

    public string AssignedNotice(bool electionClock, bool lead, string reason) =>
        (electionClock ? $"Election report: acknowledge {AcknowledgeWithin}. " : "") + $"{(lead ? "New case" : "Joint case")}: {reason}";

    public string ElectionClockNotice => $"An election report joined this case: acknowledge {AcknowledgeWithin}, close {CloseWithin}";

    private string AcknowledgeWithin => Within(clocks.Options.ElectionAcknowledgeWithin);

    private string CloseWithin => Within(clocks.Options.ElectionCloseWithin);

    public const string ElectionClockStarted = "An election-related report joined the case: it runs on the election clock from now";

    // Handling and transfer
    public string NoPart(string unitId) => $"{UnitName(unitId)} has no part in this case.";

    public static string AlreadyAcknowledged(string taskState) => $"The case was already acknowledged by this unit (task is {taskState}).";

    public string Acknowledged(string unitId) => $"{UnitName(unitId)} acknowledged the case";

    public static string NoFurtherSteps(string taskState) => $"This unit's part of the case is {taskState}: no further steps can be recorded.";

    public const string AcknowledgeBeforeInvestigating = "Acknowledge the case first: election reports are acknowledged before investigation.";

    public const string QuestionsGoThroughFeedback = "The case is concluded: questions go through feedback now.";

    public static string Question(string question) => "Question to the reporter: " + question;

    public const string ConcludedCannotTransfer = "A concluded case cannot be transferred.";

    public static string AlreadyLeads(Unit unit) => $"{unit.Name} already leads the case.";

    public static string AlreadyCoUnit(Unit unit) => $"{unit.Name} already has a part in the case.";

    public static string TooManyTransfers(int transfers, int maxTransfers) =>
        $"The case was transferred {transfers} times already (at most {maxTransfers}): settle it at the current unit or escalate.";

    public static string TransferLoop(Unit unit) => $"{unit.Name} already led this case: transferring it back would make a loop.";

    public static string Moved(Unit to, bool dispatched, string reason) => dispatched ? $"Dispatched to {to.Name}: {reason}" : TransferredTo(to, reason);

    public const string JointNeedsLeadAndOpenCase = "Joint handling is requested for a case that has a lead unit and is not concluded.";

    public static string JoinsCase(Unit unit, string reason) => $"{unit.Name} joins the case: {reason}";

    // Conclusion and feedback
    public const string AlreadyConcluded = "The case is already concluded.";

    public static string PartAlready(string taskState) => $"This unit's part of the case is already {taskState}.";

    public const string AcknowledgeFirst = "Acknowledge the case first.";

    public const string InvestigateBeforeConcluding = "Record an investigation step (site visit, interview, evidence) before concluding.";

    public const string PublicSummaryRequired = "The lead unit concludes with a public summary: whoever investigates, announces.";

    public static string MeasuresRequired(short outcome) =>
        $"A {OutcomeName(outcome)} outcome leads to accountability: record at least one measure, each for a named cadre.";

    public string NoticeIssued(string unitId, string scope) => $"{UnitName(unitId)} issued an outcome notice ({NoticeScopeName(scope)})";

    public static string NoticeScopeName(string scope) => scope switch
    {
        NoticeScopes.Public => "public",
        NoticeScopes.Division => "for the division",
        _ => "for the unit",
    };

    public string Contributed(string unitId) => $"{UnitName(unitId)} recorded its findings for the joint case";

    public string WaitingForContributions(IEnumerable<string> unitIds) =>
        $"Joint handling: waiting for the contributions of {string.Join(", ", unitIds.Select(UnitName))}.";

    public string Concluded(string unitId, short outcome) => $"{UnitName(unitId)} concluded the case: {OutcomeName(outcome)}";

    public const string FeedbackByLead = "Whoever investigates, announces: feedback is given by the lead unit that concluded the case.";

    public static string FeedbackNotNow(short state) =>
        state < CaseStates.Concluded ? "Conclude the case before giving feedback." : "Feedback was already given.";

    public static string FeedbackToReporters(int count, string deliveredBy) =>
        $"Result given to {count} real-name reporter(s){(deliveredBy.Length > 0 ? " by " + deliveredBy : "")}";

    public string FeedbackToLeadership(int count, string leadershipUnitId) =>
        $"Result of {count} anonymous report(s) delivered to the leadership team of {UnitName(leadershipUnitId)}, collectively";

    public static string FeedbackToLeadershipNotice(string result) => $"Result for the leadership team, collectively: {result}";

    public const string ClosedByLeadershipFeedback = "Result delivered to the leadership team of each accused unit, collectively";

    public static string AccusedUnitUnknown(int anonymousReports) =>
        $"The result of {anonymousReports} anonymous report(s) goes to the leadership team of the accused unit, and no report of this case names "
        + "one in the directory: name the unit the reports accuse (the accused cadre's unit, or the unit the reports are about) in leadership_unit_ids.";

    public const string Disputed = "A reporter disputed the result";

    public const string DisputedNotice = "A reporter disputed the result: investigate again or explain";

    public const string Accepted = "A reporter accepted the result";

    public const string ClosedByAcceptance = "The reporters accepted the result";

    public const string DisputeByLead = "A dispute is resolved by the lead unit.";

    public const string NoOpenDispute = "The case has no open dispute.";

    public static string Explanation(string explanation) => "Explanation to the reporter: " + explanation;

    public static string ClosedByExplanation(string explanation) => "Dispute answered with an explanation: " + explanation;

    public static string Reopened(string explanation) => "Supplementary investigation: " + explanation;

    public static string Closed(string reason) => "Case closed: " + reason;

    // Phone notice of election cases
    public string PhoneNoticeTask(Unit handling, OnShift? shift, DateTimeOffset callBy) =>
        $"Election case: phone {handling.Name} {Within(clocks.Options.ElectionPhoneNoticeWithin)} (by {Time(callBy)} UTC) and record the call. "
        + (shift is null ? "Nobody is on duty there now: no duty phone is on record."
            : string.IsNullOrWhiteSpace(shift.Phone) ? $"Duty officer {shift.Officer}; no duty phone is on record."
            : $"Duty officer {shift.Officer}, duty phone {shift.Phone}.");

    public string PhoneNoticeConfirmed(string unitId, PhoneCall call) =>
        $"{call.CallerName} phoned {UnitName(unitId)} at {Time(call.CalledAt)} UTC and reached {call.CalleeName}";

    public const string PhoneNoticeAlreadyConfirmed = "This phone call was already recorded.";

    public static string CalledBeforeTheCaseArrived(DateTimeOffset createdAt) =>
        $"The call is recorded as made before the case reached the unit ({Time(createdAt)} UTC).";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    // Escalation
    public static string NobodyOnDuty(Unit unit, string message) => $"Nobody was on duty at {unit.Name}: {message}";

    public string Overdue(string unitId, string kind, DateTimeOffset dueAt) =>
        $"{UnitName(unitId)}: {DeadlineName(kind)} overdue (due {dueAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)";

    public static string OverdueNotice(Guid caseId, string kind) => $"Case {caseId}: {DeadlineName(kind)} overdue";

    public static string MissedDeadline(Unit unit, string kind) => $"{unit.Name} missed the {DeadlineName(kind)} deadline";

    public static string Escalated(Unit upper, string reason) => $"Escalated to {upper.Name}: {reason}";

    public static string EscalatedNotice(Guid caseId, string reason) => $"Case {caseId}: {reason}";
}
