using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>
/// The single exit: conclusion (joint cases wait for every co-unit), feedback (whoever investigates,
/// announces), the reporters' answers, disputes and closing.
/// </summary>
public sealed class CaseConclusion(ClockPolicy clocks, CaseWording wording, CityDirectory directory, RoutingRules rules, UnitNotifier notifier,
    Outbox outbox, ILogger<CaseConclusion> logger)
{
    public async Task ConcludeAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, Conclusion conclusion, string actor, DateTimeOffset now,
        CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        var task = await CaseLocks.TaskOfAsync(transaction, caseId, unitId, wording, ct);
        if (head.State >= CaseStates.Concluded)
        {
            throw wording.AlreadyConcluded;
        }
        if (task.State is TaskStates.Contributed or TaskStates.Concluded or TaskStates.Transferred)
        {
            throw wording.PartAlready(task.State);
        }
        if (task.State == TaskStates.Assigned && task.AcknowledgeBy is not null)
        {
            throw wording.AcknowledgeFirst;
        }
        if (task.Lead && task.State != TaskStates.Investigating)
        {
            // A finding needs an investigation behind it: at least one recorded step (site visit, interview, evidence).
            throw wording.InvestigateBeforeConcluding;
        }
        if (task.Lead && string.IsNullOrWhiteSpace(conclusion.PublicSummary))
        {
            throw new ConclusionIncompleteException("public_summary", CaseWording.PublicSummaryRequired);
        }
        if (task.Lead && IsSubstantiated(conclusion.Outcome) && conclusion.Accountability.Count == 0)
        {
            throw new ConclusionIncompleteException("measures", CaseWording.MeasuresRequired(conclusion.Outcome));
        }

        if (!task.Lead)
        {
            await CaseStore.ContributeAsync(transaction, caseId, unitId, conclusion.Findings, now, ct);
            await DeadlineStore.MeetAsync(transaction, caseId, unitId, [DeadlineKinds.Acknowledge, DeadlineKinds.InvestigationStart, DeadlineKinds.Close],
                now, ct);
            await CaseStore.AddTimelineAsync(transaction, caseId, now, "contribution", unitId, actor, wording.Contributed(unitId), ct);
            return;
        }

        var pending = await CaseStore.WorkingCoUnitsAsync(transaction, caseId, ct);
        if (pending.Count > 0)
        {
            throw wording.WaitingForContributions(pending);
        }
        await CaseStore.ConcludeAsync(transaction, caseId, conclusion, now, ct);
        var notice = new OutcomeNoticeRow(caseId, unitId, directory.FindUnit(unitId)?.DivisionCode ?? "", conclusion.NoticeScope,
            conclusion.NoticeText.Length > 0 ? conclusion.NoticeText : conclusion.PublicSummary, conclusion.Outcome, now.UtcDateTime);
        var measures = IsSubstantiated(conclusion.Outcome) ? conclusion.Accountability : [];
        await OutcomeStore.RecordAsync(transaction, caseId, measures, notice, now, ct);
        await CaseStore.ConcludeTaskAsync(transaction, caseId, unitId, now, ct);
        await DeadlineStore.MeetAsync(transaction, caseId, null, null, now, ct);
        var feedbackBy = clocks.FeedbackBy(now);
        await DeadlineStore.AddAsync(transaction, caseId, unitId, DeadlineKinds.Feedback, feedbackBy, ct);
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "concluded", unitId, actor, wording.Concluded(unitId, conclusion.Outcome), ct);
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "outcome-notice", unitId, actor, wording.NoticeIssued(unitId, notice.Scope), ct);
        await outbox.EnqueueAsync(transaction, new CaseConcluded
        {
            CaseId = caseId, ReportIds = await CaseStore.ReportIdsAsync(transaction, caseId, ct), UnitId = unitId,
            OutcomeKey = CaseWording.OutcomeKey(conclusion.Outcome), Outcome = CaseWording.Outcome(conclusion.Outcome).In(Phrase.English),
            PublicSummary = conclusion.PublicSummary, NoticeScope = notice.Scope,
            NoticeText = notice.Text, FeedbackBy = feedbackBy, Measures = measures.Select(Measure).ToList(), At = now,
        }, ct);
    }

    /// <summary>A measure as the event carries it: the cadre's unit from the directory, the kind's name from the rules; never a reporter.</summary>
    private CaseAccountabilityMeasure Measure(MeasureTaken measure) => new()
    {
        Kind = measure.Kind, CadreId = measure.CadreId, UnitId = directory.FindCadre(measure.CadreId)?.UnitId ?? "",
        Words = rules.MeasureKind(measure.Kind)?.Name ?? measure.Kind, DecidedOn = measure.DecidedOn,
    };

    /// <summary>Substantiated reports lead to accountability: a (partly) substantiated outcome names its measures.</summary>
    public static bool IsSubstantiated(short outcome) => outcome is Outcomes.Substantiated or Outcomes.PartlySubstantiated;

    /// <summary>
    /// Feedback per the seed: real-name reporters get the result and may answer; for anonymous reports
    /// the result goes to the leadership team of every accused unit, collectively, and that closes them. The
    /// concluding unit may name further accused units (<paramref name="namedUnitIds"/>), and must when the case names none.
    /// </summary>
    public async Task GiveFeedbackAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, string result, string deliveredBy,
        IReadOnlyList<string> namedUnitIds, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        if (head.LeadUnitId != unitId)
        {
            throw wording.FeedbackByLead;
        }
        if (head.State != CaseStates.Concluded)
        {
            throw wording.FeedbackNotNow(head.State);
        }
        var reports = await CaseStore.ReportsAsync(transaction, caseId, ct);
        var realName = reports.Where(r => r.RealName).Select(r => r.ReportId).ToList();
        var anonymous = reports.Where(r => !r.RealName).Select(r => r.ReportId).ToList();
        var leadership = anonymous.Count == 0 ? [] : await LeadershipUnitsAsync(transaction, caseId, head, namedUnitIds, anonymous.Count, now, ct);

        var closes = realName.Count == 0;
        await CaseStore.RecordFeedbackAsync(transaction, caseId, result, closes, now, ct);
        await DeadlineStore.MeetAsync(transaction, caseId, unitId, [DeadlineKinds.Feedback], now, ct);
        if (realName.Count > 0)
        {
            await CaseStore.AddTimelineAsync(transaction, caseId, now, "feedback", unitId, actor,
                CaseWording.FeedbackToReporters(realName.Count, deliveredBy), ct);
        }
        foreach (var leadershipUnit in leadership)
        {
            await CaseStore.AddTimelineAsync(transaction, caseId, now, "feedback-to-leadership", leadershipUnit, actor,
                wording.FeedbackToLeadership(anonymous.Count, leadershipUnit), ct);
            await notifier.NotifyAsync(transaction, leadershipUnit, caseId, "feedback-to-leadership", CaseWording.FeedbackToLeadershipNotice(result), now, ct);
        }
        await outbox.EnqueueAsync(transaction, new FeedbackGiven
        {
            CaseId = caseId, RealNameReportIds = realName, AnonymousReportIds = anonymous, LeadershipUnitId = leadership.FirstOrDefault(),
            LeadershipUnitIds = leadership,
            OutcomeKey = CaseWording.OutcomeKey(head.Outcome), Outcome = CaseWording.Outcome(head.Outcome).In(Phrase.English), Result = result, At = now,
        }, ct);
        if (closes)
        {
            await CloseAsync(transaction, caseId, CaseWording.ClosedByLeadershipFeedback, now, ct);
        }
    }

    /// <summary>
    /// Every accused unit: the case's subject cadre's unit, the units its reports accuse or a dispatcher placed it
    /// with, and those the concluding unit names (recorded with the case). Refused when there is none.
    /// </summary>
    private async Task<IReadOnlyList<string>> LeadershipUnitsAsync(NpgsqlTransaction transaction, Guid caseId, CaseHead head,
        IReadOnlyList<string> namedUnitIds, int anonymousReports, DateTimeOffset now, CancellationToken ct)
    {
        var units = new List<string>();
        if (head.SubjectCadreId is not null && directory.FindCadre(head.SubjectCadreId) is { } cadre)
        {
            units.Add(cadre.UnitId);
        }
        units.AddRange(await CaseStore.AccusedUnitsAsync(transaction, caseId, ct));
        units.AddRange(namedUnitIds);
        if (units.Count == 0)
        {
            throw wording.AccusedUnitUnknown(anonymousReports);
        }
        await CaseStore.AddAccusedUnitsAsync(transaction, caseId, namedUnitIds, AccusedUnits.Named, now, ct);
        return units.Distinct().ToList();
    }

    /// <summary>A real-name reporter's answer: all accepting closes the case; a dispute awaits the lead unit.</summary>
    public async Task RecordResponseAsync(NpgsqlTransaction transaction, Guid reportId, bool accepted, DateTimeOffset now, CancellationToken ct)
    {
        var caseId = await CaseStore.CaseOfReportAsync(transaction, reportId, ct)
                     ?? throw new InvalidOperationException($"Report {reportId} has no case.");
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        if (head.State != CaseStates.FeedbackGiven)
        {
            logger.LogInformation("Response to case {CaseId} ignored: the case is in state {State}", caseId, head.State);
            return;
        }
        await CaseStore.RecordResponseAsync(transaction, reportId, accepted, now, ct);
        if (!accepted)
        {
            await CaseStore.SetStateAsync(transaction, caseId, CaseStates.Disputed, ct);
            await CaseStore.AddTimelineAsync(transaction, caseId, now, "disputed", head.LeadUnitId ?? "", "reporter", CaseWording.Disputed, ct);
            await outbox.EnqueueAsync(transaction, new CaseDisputed { CaseId = caseId, ReportId = reportId, At = now }, ct);
            if (head.LeadUnitId is not null)
            {
                await notifier.NotifyAsync(transaction, head.LeadUnitId, caseId, "disputed", CaseWording.DisputedNotice, now, ct);
            }
            return;
        }
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "accepted", "", "reporter", CaseWording.Accepted, ct);
        if (await CaseStore.AwaitingAcceptanceAsync(transaction, caseId, ct) == 0)
        {
            await CaseStore.CloseAsync(transaction, caseId, now, ct);
            await CloseAsync(transaction, caseId, CaseWording.ClosedByAcceptance, now, ct);
        }
    }

    public async Task ResolveDisputeAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, bool reopen, string explanation, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var head = await CaseLocks.LockAsync(transaction, caseId, ct);
        if (head.LeadUnitId != unitId)
        {
            throw wording.DisputeByLead;
        }
        if (head.State != CaseStates.Disputed)
        {
            throw wording.NoOpenDispute;
        }
        if (!reopen)
        {
            await CaseStore.CloseAsync(transaction, caseId, now, ct);
            await CaseStore.AddTimelineAsync(transaction, caseId, now, "explained", unitId, actor, CaseWording.Explanation(explanation), ct);
            await CloseAsync(transaction, caseId, CaseWording.ClosedByExplanation(explanation), now, ct);
            return;
        }
        var closeBy = clocks.CloseBy(head.ElectionClock, now);
        await CaseStore.ReopenAsync(transaction, caseId, closeBy, ct);
        await CaseStore.ReopenTaskAsync(transaction, caseId, unitId, closeBy, ct);
        await CaseStore.ClearResponsesAsync(transaction, caseId, ct);
        await DeadlineStore.AddAsync(transaction, caseId, unitId, DeadlineKinds.Close, closeBy, ct);
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "reopened", unitId, actor, CaseWording.Reopened(explanation), ct);
        await outbox.EnqueueAsync(transaction, new CaseReopened
        {
            CaseId = caseId, ReportIds = await CaseStore.ReportIdsAsync(transaction, caseId, ct), Reason = explanation, At = now,
        }, ct);
    }

    private async Task CloseAsync(NpgsqlTransaction transaction, Guid caseId, Phrase reason, DateTimeOffset now, CancellationToken ct)
    {
        await DeadlineStore.MeetAsync(transaction, caseId, null, null, now, ct);
        await CaseStore.AddTimelineAsync(transaction, caseId, now, "closed", "", "routing", CaseWording.Closed(reason), ct);
        await outbox.EnqueueAsync(transaction, new CaseClosed
        {
            CaseId = caseId, ReportIds = await CaseStore.ReportIdsAsync(transaction, caseId, ct), ReasonKey = reason.Key,
            ReasonArgs = (reason.Args ?? []).Select(a => a.In(RequestLanguage.Neutral, directory)).ToList(), Reason = reason.In(Phrase.English), At = now,
        }, ct);
    }
}
