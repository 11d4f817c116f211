using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>
/// Every change to a case: each method runs in the caller's transaction, takes the case row lock
/// first (so two handlers cannot both act on it), validates the transition, records the timeline,
/// and writes its events to the outbox.
/// </summary>
public sealed class CaseWorkflow(RoutingEngine engine, ClockPolicy clocks, CityDirectory directory, RoutingRules rules,
    UnitNotifier notifier, Outbox outbox, ILogger<CaseWorkflow> logger)
{
    /// <summary>Opens a case for a report, or attaches it to the open case about the same cadre and category.</summary>
    public async Task OpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReportReceived report, DateTimeOffset now, CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists(select 1 from case_reports where report_id = @ReportId)", new { report.ReportId }, transaction, cancellationToken: ct)))
        {
            return;
        }
        var plan = engine.Route(report);
        var category = RoutingRules.CategoryName(report.Category);
        var electionClock = report.ElectionRelated || report.ElectionPeriod;

        if (plan.SubjectCadreId is not null)
        {
            // Serialise reports about the same cadre and matter, so concurrent ones share one case.
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = plan.SubjectCadreId + "/" + category }, transaction, cancellationToken: ct));
            var open = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "select id from cases where subject_cadre_id = @cadre and category = @category and state < @concluded order by opened_at limit 1",
                new { cadre = plan.SubjectCadreId, category, concluded = CaseStates.Concluded }, transaction, cancellationToken: ct));
            if (open is { } existing)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into case_reports (report_id, case_id, attached_at, real_name) values (@ReportId, @existing, @at, @RealName)",
                    new { report.ReportId, existing, at = now.UtcDateTime, report.RealName }, transaction, cancellationToken: ct));
                await TimelineAsync(connection, transaction, existing, now, "report-attached", "", "routing",
                    $"Report {report.TrackingNumber} attached: same cadre and matter", ct);
                if (electionClock)
                {
                    await MoveToElectionClockAsync(connection, transaction, existing, now, ct);
                }
                // The new report's reporter follows the case from where it stands.
                var current = await connection.QuerySingleAsync<CurrentLead>(new CommandDefinition(
                    "select lead_unit_id as LeadUnitId, close_by as CloseBy from cases where id = @existing", new { existing }, transaction, cancellationToken: ct));
                if (current.LeadUnitId is not null)
                {
                    await outbox.EnqueueAsync(connection, transaction, new CaseAssigned
                    {
                        CaseId = existing, ReportIds = [report.ReportId], UnitId = current.LeadUnitId, UnitName = UnitName(current.LeadUnitId),
                        Lead = true, Reason = "Joined the open case about the same cadre and matter",
                        CloseBy = new DateTimeOffset(DateTime.SpecifyKind(current.CloseBy, DateTimeKind.Utc)), At = now,
                    }, ct);
                }
                await outbox.EnqueueAsync(connection, transaction, new CaseOpened
                {
                    CaseId = existing, ReportId = report.ReportId, AttachedToExistingCase = true, ElectionClock = electionClock, At = now,
                }, ct);
                logger.LogInformation("Report {ReportId} attached to case {CaseId}", report.ReportId, existing);
                return;
            }
        }

        var caseId = Guid.CreateVersion7();
        // Clocks count from receipt at the intake centre, however long the report took to reach routing.
        var deadlines = clocks.For(electionClock, report.ReceivedAt);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into cases (id, state, category, election_clock, subject_cadre_id, receiving_division_code, dispatch_division_code,
                lead_unit_id, opened_at, close_by)
            values (@caseId, @state, @category, @electionClock, @SubjectCadreId, @receiving, @dispatch, @lead, @at, @closeBy)
            """, new
            {
                caseId, state = plan.AwaitsDispatch ? CaseStates.AwaitingDispatch : CaseStates.Assigned, category, electionClock,
                plan.SubjectCadreId, receiving = report.ReceivingDivisionCode, dispatch = plan.AwaitsDispatch ? plan.ReceivingLevel : null,
                lead = plan.Lead?.Id, at = now.UtcDateTime, closeBy = deadlines.CloseBy.UtcDateTime,
            }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into case_reports (report_id, case_id, attached_at, real_name) values (@ReportId, @caseId, @at, @RealName)",
            new { report.ReportId, caseId, at = now.UtcDateTime, report.RealName }, transaction, cancellationToken: ct));
        foreach (var decision in plan.Decisions)
        {
            await DecisionAsync(connection, transaction, caseId, now, decision, ct);
        }
        await TimelineAsync(connection, transaction, caseId, now, "opened", "", "routing",
            $"Case opened for report {report.TrackingNumber} ({category}{(electionClock ? ", election clock" : "")})", ct);
        await outbox.EnqueueAsync(connection, transaction, new CaseOpened
        {
            CaseId = caseId, ReportId = report.ReportId, AttachedToExistingCase = false, ElectionClock = electionClock, At = now,
        }, ct);

        if (plan.Lead is null)
        {
            var reason = plan.Decisions[^1].Reason;
            await outbox.EnqueueAsync(connection, transaction, new CaseAwaitingDispatch
            {
                CaseId = caseId, ReportIds = [report.ReportId], DivisionCode = plan.ReceivingLevel, Reason = reason, At = now,
            }, ct);
            logger.LogInformation("Case {CaseId} waits for a dispatcher in {Division}", caseId, plan.ReceivingLevel);
            return;
        }

        var leadReason = plan.Decisions.Last(d => d.UnitId == plan.Lead.Id && d.Kind is "assign" or "transfer").Reason;
        await AssignAsync(connection, transaction, caseId, plan.Lead, lead: true, electionClock, now, leadReason, ct, clockFrom: report.ReceivedAt);
        foreach (var co in plan.CoUnits)
        {
            await AssignAsync(connection, transaction, caseId, co, lead: false, electionClock, now,
                plan.Decisions.Last(d => d.UnitId == co.Id).Reason, ct, clockFrom: report.ReceivedAt);
        }
        logger.LogInformation("Case {CaseId} assigned to {Lead} with {CoUnits} co-unit(s)", caseId, plan.Lead.Id, plan.CoUnits.Count);
    }

    public async Task AcknowledgeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var (state, _) = await LockAsync(connection, transaction, caseId, ct);
        var task = await TaskAsync(connection, transaction, caseId, unitId, ct);
        if (task.State != TaskStates.Assigned)
        {
            throw Precondition($"The case was already acknowledged by this unit (task is {task.State}).");
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "update case_tasks set state = @acknowledged, acknowledged_at = @at where case_id = @caseId and unit_id = @unitId",
            new { acknowledged = TaskStates.Acknowledged, at = now.UtcDateTime, caseId, unitId }, transaction, cancellationToken: ct));
        await MeetAsync(connection, transaction, caseId, unitId, [DeadlineKinds.Acknowledge], now, ct);
        if (task.Lead && state == CaseStates.Assigned)
        {
            await SetStateAsync(connection, transaction, caseId, CaseStates.Acknowledged, ct);
        }
        await TimelineAsync(connection, transaction, caseId, now, "acknowledged", unitId, actor, $"{UnitName(unitId)} acknowledged the case", ct);
        await outbox.EnqueueAsync(connection, transaction, new CaseAcknowledged
        {
            CaseId = caseId, ReportIds = await ReportIdsAsync(connection, transaction, caseId, ct), UnitId = unitId, At = now,
        }, ct);
    }

    public async Task RecordStepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, string kind,
        string note, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (state, _) = await LockAsync(connection, transaction, caseId, ct);
        var task = await TaskAsync(connection, transaction, caseId, unitId, ct);
        if (task.State is TaskStates.Contributed or TaskStates.Concluded or TaskStates.Transferred)
        {
            throw Precondition($"This unit's part of the case is {task.State}: no further steps can be recorded.");
        }
        if (task.State == TaskStates.Assigned && task.AcknowledgeBy is not null)
        {
            throw Precondition("Acknowledge the case first: election reports are acknowledged before investigation.");
        }
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update case_tasks set state = @investigating, investigation_started_at = coalesce(investigation_started_at, @at),
                acknowledged_at = coalesce(acknowledged_at, @at)
            where case_id = @caseId and unit_id = @unitId
            """, new { investigating = TaskStates.Investigating, at = now.UtcDateTime, caseId, unitId }, transaction, cancellationToken: ct));
        await MeetAsync(connection, transaction, caseId, unitId, [DeadlineKinds.Acknowledge, DeadlineKinds.InvestigationStart], now, ct);
        if (task.Lead && state is CaseStates.Assigned or CaseStates.Acknowledged)
        {
            await SetStateAsync(connection, transaction, caseId, CaseStates.UnderInvestigation, ct);
        }
        await TimelineAsync(connection, transaction, caseId, now, "step:" + kind, unitId, actor, note, ct);
    }

    public async Task AskReporterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, string question,
        string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (state, _) = await LockAsync(connection, transaction, caseId, ct);
        await TaskAsync(connection, transaction, caseId, unitId, ct);
        if (state >= CaseStates.Concluded)
        {
            throw Precondition("The case is concluded: questions go through feedback now.");
        }
        foreach (var reportId in await ReportIdsAsync(connection, transaction, caseId, ct))
        {
            await outbox.EnqueueAsync(connection, transaction, new ReporterQuestionAsked
            {
                CaseId = caseId, ReportId = reportId, QuestionId = Guid.CreateVersion7(), Question = question, At = now,
            }, ct);
        }
        await TimelineAsync(connection, transaction, caseId, now, "question", unitId, actor, "Question to the reporter: " + question, ct);
    }

    public async Task ConcludeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, short outcome,
        string findings, string measures, string publicSummary, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (state, _) = await LockAsync(connection, transaction, caseId, ct);
        var task = await TaskAsync(connection, transaction, caseId, unitId, ct);
        if (state >= CaseStates.Concluded)
        {
            throw Precondition("The case is already concluded.");
        }
        if (task.State is TaskStates.Contributed or TaskStates.Concluded or TaskStates.Transferred)
        {
            throw Precondition($"This unit's part of the case is already {task.State}.");
        }
        if (task.State == TaskStates.Assigned && task.AcknowledgeBy is not null)
        {
            throw Precondition("Acknowledge the case first.");
        }

        if (!task.Lead)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update case_tasks set state = @contributed, contribution = @findings, concluded_at = @at where case_id = @caseId and unit_id = @unitId",
                new { contributed = TaskStates.Contributed, findings, at = now.UtcDateTime, caseId, unitId }, transaction, cancellationToken: ct));
            await MeetAsync(connection, transaction, caseId, unitId, [DeadlineKinds.Acknowledge, DeadlineKinds.InvestigationStart, DeadlineKinds.Close], now, ct);
            await TimelineAsync(connection, transaction, caseId, now, "contribution", unitId, actor, $"{UnitName(unitId)} recorded its findings for the joint case", ct);
            return;
        }

        var pending = (await connection.QueryAsync<string>(new CommandDefinition(
            "select unit_id from case_tasks where case_id = @caseId and not lead and state not in (@contributed, @transferred)",
            new { caseId, contributed = TaskStates.Contributed, transferred = TaskStates.Transferred }, transaction, cancellationToken: ct))).ToList();
        if (pending.Count > 0)
        {
            throw Precondition($"Joint handling: waiting for the contributions of {string.Join(", ", pending.Select(UnitName))}.");
        }
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update cases set state = @concluded, outcome = @outcome, findings = @findings, accountability_measures = @measures,
                public_summary = @publicSummary, concluded_at = @at where id = @caseId
            """, new { concluded = CaseStates.Concluded, outcome, findings, measures, publicSummary, at = now.UtcDateTime, caseId },
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "update case_tasks set state = @state, concluded_at = @at where case_id = @caseId and unit_id = @unitId",
            new { state = TaskStates.Concluded, at = now.UtcDateTime, caseId, unitId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "update deadlines set met_at = @at where case_id = @caseId and met_at is null and fired_at is null",
            new { caseId, at = now.UtcDateTime }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into deadlines (id, case_id, unit_id, kind, due_at) values (@id, @caseId, @unitId, @kind, @due)",
            new { id = Guid.CreateVersion7(), caseId, unitId, kind = DeadlineKinds.Feedback, due = clocks.FeedbackBy(now).UtcDateTime },
            transaction, cancellationToken: ct));
        await TimelineAsync(connection, transaction, caseId, now, "concluded", unitId, actor,
            $"{UnitName(unitId)} concluded the case: {OutcomeName(outcome)}", ct);
        await outbox.EnqueueAsync(connection, transaction, new CaseConcluded
        {
            CaseId = caseId, ReportIds = await ReportIdsAsync(connection, transaction, caseId, ct), UnitId = unitId,
            Outcome = OutcomeName(outcome), PublicSummary = publicSummary, At = now,
        }, ct);
    }

    /// <summary>
    /// An election report joined an ordinary case: the whole case runs on the election clock from now
    /// (acknowledge within the hour where not yet acknowledged, close within 5 days if that is sooner).
    /// </summary>
    private async Task MoveToElectionClockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, DateTimeOffset now, CancellationToken ct)
    {
        var already = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select election_clock from cases where id = @caseId for update", new { caseId }, transaction, cancellationToken: ct));
        if (already)
        {
            return;
        }
        var deadlines = clocks.For(electionClock: true, now);
        await connection.ExecuteAsync(new CommandDefinition(
            "update cases set election_clock = true, close_by = least(close_by, @closeBy) where id = @caseId",
            new { caseId, closeBy = deadlines.CloseBy.UtcDateTime }, transaction, cancellationToken: ct));
        var tasks = (await connection.QueryAsync<(string UnitId, bool Acknowledged, DateTime CloseBy)>(new CommandDefinition(
            """
            select unit_id, acknowledged_at is not null, close_by from case_tasks
            where case_id = @caseId and state in (@assigned, @acknowledged, @investigating)
            """, new { caseId, assigned = TaskStates.Assigned, acknowledged = TaskStates.Acknowledged, investigating = TaskStates.Investigating },
            transaction, cancellationToken: ct))).ToList();
        foreach (var task in tasks)
        {
            if (!task.Acknowledged)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "update case_tasks set acknowledge_by = @ackBy where case_id = @caseId and unit_id = @UnitId",
                    new { ackBy = deadlines.AcknowledgeBy!.Value.UtcDateTime, caseId, task.UnitId }, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into deadlines (id, case_id, unit_id, kind, due_at) values (@id, @caseId, @UnitId, @kind, @due)",
                    new { id = Guid.CreateVersion7(), caseId, task.UnitId, kind = DeadlineKinds.Acknowledge, due = deadlines.AcknowledgeBy!.Value.UtcDateTime },
                    transaction, cancellationToken: ct));
            }
            if (deadlines.CloseBy.UtcDateTime < task.CloseBy)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "update deadlines set met_at = @at where case_id = @caseId and unit_id = @UnitId and kind = @kind and met_at is null and fired_at is null",
                    new { at = now.UtcDateTime, caseId, task.UnitId, kind = DeadlineKinds.Close }, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "update case_tasks set close_by = @closeBy where case_id = @caseId and unit_id = @UnitId",
                    new { closeBy = deadlines.CloseBy.UtcDateTime, caseId, task.UnitId }, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into deadlines (id, case_id, unit_id, kind, due_at) values (@id, @caseId, @UnitId, @kind, @due)",
                    new { id = Guid.CreateVersion7(), caseId, task.UnitId, kind = DeadlineKinds.Close, due = deadlines.CloseBy.UtcDateTime },
                    transaction, cancellationToken: ct));
            }
            await notifier.NotifyAsync(connection, transaction, task.UnitId, caseId, "election-clock",
                "An election report joined this case: acknowledge within the hour, close within 5 days", now, ct);
        }
        await TimelineAsync(connection, transaction, caseId, now, "election-clock", "", "routing",
            "An election-related report joined the case: it runs on the election clock from now", ct);
    }

    /// <summary>
    /// Feedback per the seed: real-name reporters get the result and may answer; for anonymous reports
    /// the result goes to the leadership team of the accused's unit, collectively, and that closes them.
    /// </summary>
    public async Task GiveFeedbackAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, string result,
        string deliveredBy, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (state, lead) = await LockAsync(connection, transaction, caseId, ct);
        if (lead != unitId)
        {
            throw Precondition("Whoever investigates, announces: feedback is given by the lead unit that concluded the case.");
        }
        if (state != CaseStates.Concluded)
        {
            throw Precondition(state < CaseStates.Concluded ? "Conclude the case before giving feedback." : "Feedback was already given.");
        }
        var reports = (await connection.QueryAsync<(Guid ReportId, bool RealName)>(new CommandDefinition(
            "select report_id, real_name from case_reports where case_id = @caseId order by attached_at", new { caseId }, transaction, cancellationToken: ct))).ToList();
        var realName = reports.Where(r => r.RealName).Select(r => r.ReportId).ToList();
        var anonymous = reports.Where(r => !r.RealName).Select(r => r.ReportId).ToList();
        var subjectCadre = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select subject_cadre_id from cases where id = @caseId", new { caseId }, transaction, cancellationToken: ct));
        var leadership = subjectCadre is null ? null : directory.FindCadre(subjectCadre)?.UnitId;
        var outcome = await connection.ExecuteScalarAsync<short>(new CommandDefinition(
            "select outcome from cases where id = @caseId", new { caseId }, transaction, cancellationToken: ct));

        var closes = realName.Count == 0;
        await connection.ExecuteAsync(new CommandDefinition(
            "update cases set state = @state, feedback_result = @result, feedback_at = @at, closed_at = case when @closes then @at end where id = @caseId",
            new { state = closes ? CaseStates.Closed : CaseStates.FeedbackGiven, result, at = now.UtcDateTime, closes, caseId }, transaction, cancellationToken: ct));
        await MeetAsync(connection, transaction, caseId, unitId, [DeadlineKinds.Feedback], now, ct);
        if (realName.Count > 0)
        {
            await TimelineAsync(connection, transaction, caseId, now, "feedback", unitId, actor,
                $"Result given to {realName.Count} real-name reporter(s){(deliveredBy.Length > 0 ? " by " + deliveredBy : "")}", ct);
        }
        if (anonymous.Count > 0 && leadership is not null)
        {
            await TimelineAsync(connection, transaction, caseId, now, "feedback-to-leadership", leadership, actor,
                $"Result of {anonymous.Count} anonymous report(s) delivered to the leadership team of {UnitName(leadership)}, collectively", ct);
            await notifier.NotifyAsync(connection, transaction, leadership, caseId, "feedback-to-leadership",
                $"Result for the leadership team, collectively: {result}", now, ct);
        }
        await outbox.EnqueueAsync(connection, transaction, new FeedbackGiven
        {
            CaseId = caseId, RealNameReportIds = realName, AnonymousReportIds = anonymous, LeadershipUnitId = leadership,
            Outcome = OutcomeName(outcome), Result = result, At = now,
        }, ct);
        if (closes)
        {
            await CloseAsync(connection, transaction, caseId, "Result delivered to the leadership team of the accused's unit", now, ct);
        }
    }

    /// <summary>A real-name reporter's answer: all accepting closes the case; a dispute awaits the lead unit.</summary>
    public async Task RecordResponseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId, bool accepted,
        DateTimeOffset now, CancellationToken ct)
    {
        var caseId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select case_id from case_reports where report_id = @reportId", new { reportId }, transaction, cancellationToken: ct))
            ?? throw new InvalidOperationException($"Report {reportId} has no case.");
        var (state, lead) = await LockAsync(connection, transaction, caseId, ct);
        if (state != CaseStates.FeedbackGiven)
        {
            logger.LogInformation("Response to case {CaseId} ignored: the case is in state {State}", caseId, state);
            return;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "update case_reports set response = @response, responded_at = @at where report_id = @reportId",
            new { response = accepted ? "accepted" : "disputed", at = now.UtcDateTime, reportId }, transaction, cancellationToken: ct));
        if (!accepted)
        {
            await SetStateAsync(connection, transaction, caseId, CaseStates.Disputed, ct);
            await TimelineAsync(connection, transaction, caseId, now, "disputed", lead ?? "", "reporter", "A reporter disputed the result", ct);
            await outbox.EnqueueAsync(connection, transaction, new CaseDisputed { CaseId = caseId, ReportId = reportId, At = now }, ct);
            if (lead is not null)
            {
                await notifier.NotifyAsync(connection, transaction, lead, caseId, "disputed",
                    "A reporter disputed the result: investigate again or explain", now, ct);
            }
            return;
        }
        await TimelineAsync(connection, transaction, caseId, now, "accepted", "", "reporter", "A reporter accepted the result", ct);
        var waiting = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from case_reports where case_id = @caseId and real_name and response is distinct from 'accepted'",
            new { caseId }, transaction, cancellationToken: ct));
        if (waiting == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("update cases set state = @closed, closed_at = @at where id = @caseId",
                new { closed = CaseStates.Closed, at = now.UtcDateTime, caseId }, transaction, cancellationToken: ct));
            await CloseAsync(connection, transaction, caseId, "The reporters accepted the result", now, ct);
        }
    }

    public async Task ResolveDisputeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, bool reopen,
        string explanation, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (state, lead) = await LockAsync(connection, transaction, caseId, ct);
        if (lead != unitId)
        {
            throw Precondition("A dispute is resolved by the lead unit.");
        }
        if (state != CaseStates.Disputed)
        {
            throw Precondition("The case has no open dispute.");
        }
        if (!reopen)
        {
            await connection.ExecuteAsync(new CommandDefinition("update cases set state = @closed, closed_at = @at where id = @caseId",
                new { closed = CaseStates.Closed, at = now.UtcDateTime, caseId }, transaction, cancellationToken: ct));
            await TimelineAsync(connection, transaction, caseId, now, "explained", unitId, actor, "Explanation to the reporter: " + explanation, ct);
            await CloseAsync(connection, transaction, caseId, "Dispute answered with an explanation: " + explanation, now, ct);
            return;
        }
        var electionClock = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select election_clock from cases where id = @caseId", new { caseId }, transaction, cancellationToken: ct));
        var closeBy = clocks.CloseBy(electionClock, now);
        await connection.ExecuteAsync(new CommandDefinition(
            "update cases set state = @state, close_by = @closeBy, concluded_at = null where id = @caseId",
            new { state = CaseStates.UnderInvestigation, closeBy = closeBy.UtcDateTime, caseId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "update case_tasks set state = @investigating, close_by = @closeBy, overdue = false where case_id = @caseId and unit_id = @unitId",
            new { investigating = TaskStates.Investigating, closeBy = closeBy.UtcDateTime, caseId, unitId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "update case_reports set response = null, responded_at = null where case_id = @caseId",
            new { caseId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into deadlines (id, case_id, unit_id, kind, due_at) values (@id, @caseId, @unitId, @kind, @due)",
            new { id = Guid.CreateVersion7(), caseId, unitId, kind = DeadlineKinds.Close, due = closeBy.UtcDateTime }, transaction, cancellationToken: ct));
        await TimelineAsync(connection, transaction, caseId, now, "reopened", unitId, actor, "Supplementary investigation: " + explanation, ct);
        await outbox.EnqueueAsync(connection, transaction, new CaseReopened
        {
            CaseId = caseId, ReportIds = await ReportIdsAsync(connection, transaction, caseId, ct), Reason = explanation, At = now,
        }, ct);
    }

    private async Task CloseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "update deadlines set met_at = @at where case_id = @caseId and met_at is null and fired_at is null",
            new { caseId, at = now.UtcDateTime }, transaction, cancellationToken: ct));
        await TimelineAsync(connection, transaction, caseId, now, "closed", "", "routing", "Case closed: " + reason, ct);
        await outbox.EnqueueAsync(connection, transaction, new CaseClosed
        {
            CaseId = caseId, ReportIds = await ReportIdsAsync(connection, transaction, caseId, ct), Reason = reason, At = now,
        }, ct);
    }

    /// <summary>Moves the lead to another unit: from the dispatcher's queue, or by a manual transfer.</summary>
    public async Task TransferAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, Unit to, string reason,
        string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (state, lead) = await LockAsync(connection, transaction, caseId, ct);
        if (state >= CaseStates.Concluded)
        {
            throw Precondition("A concluded case cannot be transferred.");
        }
        if (lead == to.Id)
        {
            throw Precondition($"{to.Name} already leads the case.");
        }
        var transfers = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select transfers from cases where id = @caseId", new { caseId }, transaction, cancellationToken: ct));
        var electionClock = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select election_clock from cases where id = @caseId", new { caseId }, transaction, cancellationToken: ct));
        if (lead is not null && transfers >= rules.MaxTransfers)
        {
            throw Precondition($"The case was transferred {transfers} times already (at most {rules.MaxTransfers}): settle it at the current unit or escalate.");
        }
        var formerLeads = (await connection.QueryAsync<string>(new CommandDefinition(
            "select unit_id from case_tasks where case_id = @caseId and lead", new { caseId }, transaction, cancellationToken: ct))).ToList();
        if (formerLeads.Contains(to.Id))
        {
            throw Precondition($"{to.Name} already led this case: transferring it back would make a loop.");
        }

        if (lead is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update case_tasks set state = @transferred where case_id = @caseId and unit_id = @lead",
                new { transferred = TaskStates.Transferred, caseId, lead }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "update deadlines set met_at = @at where case_id = @caseId and unit_id = @lead and met_at is null and fired_at is null",
                new { caseId, lead, at = now.UtcDateTime }, transaction, cancellationToken: ct));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update cases set lead_unit_id = @to, state = @assigned, dispatch_division_code = null,
                transfers = transfers + case when @counted then 1 else 0 end where id = @caseId
            """, new { to = to.Id, assigned = CaseStates.Assigned, counted = lead is not null, caseId }, transaction, cancellationToken: ct));
        await DecisionAsync(connection, transaction, caseId, now, new Decision(lead is null ? "dispatch" : "manual-transfer", to.Id, reason), ct);
        // A co-unit promoted to lead starts again as the lead, with a fresh clock: its old deadlines are superseded.
        await connection.ExecuteAsync(new CommandDefinition(
            "update deadlines set met_at = @at where case_id = @caseId and unit_id = @to and met_at is null and fired_at is null",
            new { caseId, to = to.Id, at = now.UtcDateTime }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("delete from case_tasks where case_id = @caseId and unit_id = @to",
            new { caseId, to = to.Id }, transaction, cancellationToken: ct));
        await AssignAsync(connection, transaction, caseId, to, lead: true, electionClock, now, reason, ct);
        if (lead is not null)
        {
            await outbox.EnqueueAsync(connection, transaction, new CaseTransferred
            {
                CaseId = caseId, ReportIds = await ReportIdsAsync(connection, transaction, caseId, ct), FromUnitId = lead, ToUnitId = to.Id,
                Reason = reason, At = now,
            }, ct);
        }
        await TimelineAsync(connection, transaction, caseId, now, lead is null ? "dispatched" : "transferred", to.Id, actor,
            $"{(lead is null ? "Dispatched" : "Transferred")} to {to.Name}: {reason}", ct);
    }

    public async Task AddCoUnitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, IReadOnlyList<Unit> units,
        string reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var (state, _) = await LockAsync(connection, transaction, caseId, ct);
        if (state is CaseStates.AwaitingDispatch or >= CaseStates.Concluded)
        {
            throw Precondition("Joint handling is requested for a case that has a lead unit and is not concluded.");
        }
        var electionClock = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select election_clock from cases where id = @caseId", new { caseId }, transaction, cancellationToken: ct));
        var existing = (await connection.QueryAsync<string>(new CommandDefinition(
            "select unit_id from case_tasks where case_id = @caseId", new { caseId }, transaction, cancellationToken: ct))).ToHashSet();
        foreach (var unit in units.Where(u => !existing.Contains(u.Id)))
        {
            await DecisionAsync(connection, transaction, caseId, now, new Decision("joint", unit.Id, reason), ct);
            await AssignAsync(connection, transaction, caseId, unit, lead: false, electionClock, now, reason, ct);
            await TimelineAsync(connection, transaction, caseId, now, "joint", unit.Id, actor, $"{unit.Name} joins the case: {reason}", ct);
        }
    }

    /// <summary>
    /// Fires deadlines due by <paramref name="now"/>: each once, across instances (SKIP LOCKED), and
    /// escalates the task to the next level up. Returns how many fired.
    /// </summary>
    public async Task<int> FireDueDeadlinesAsync(NpgsqlDataSource dataSource, DateTimeOffset now, int batch, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var due = (await connection.QueryAsync<(Guid Id, Guid CaseId, string UnitId, string Kind, DateTime DueAt)>(new CommandDefinition(
            """
            select id, case_id, unit_id, kind, due_at from deadlines
            where met_at is null and fired_at is null and due_at <= @now
            order by due_at limit @batch for update skip locked
            """, new { now = now.UtcDateTime, batch }, transaction, cancellationToken: ct))).ToList();
        foreach (var deadline in due)
        {
            await connection.ExecuteAsync(new CommandDefinition("update deadlines set fired_at = @now where id = @Id",
                new { now = now.UtcDateTime, deadline.Id }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "update case_tasks set overdue = true where case_id = @CaseId and unit_id = @UnitId",
                new { deadline.CaseId, deadline.UnitId }, transaction, cancellationToken: ct));
            var dueAt = new DateTimeOffset(DateTime.SpecifyKind(deadline.DueAt, DateTimeKind.Utc));
            var what = deadline.Kind switch
            {
                DeadlineKinds.Acknowledge => "acknowledgement",
                DeadlineKinds.InvestigationStart => "start of the on-site investigation",
                DeadlineKinds.Feedback => "feedback to the reporter",
                _ => "closing",
            };
            await TimelineAsync(connection, transaction, deadline.CaseId, now, "overdue", deadline.UnitId, "clock",
                $"{UnitName(deadline.UnitId)}: {what} overdue (due {dueAt:yyyy-MM-dd HH:mm} UTC)", ct);
            await outbox.EnqueueAsync(connection, transaction, new CaseOverdue
            {
                CaseId = deadline.CaseId, UnitId = deadline.UnitId, Deadline = deadline.Kind, DueAt = dueAt, At = now,
            }, ct);
            await notifier.NotifyAsync(connection, transaction, deadline.UnitId, deadline.CaseId, "overdue", $"Case {deadline.CaseId}: {what} overdue", now, ct);

            if (directory.FindUnit(deadline.UnitId) is { } unit && engine.EscalationTarget(unit) is { } upper)
            {
                var reason = $"{unit.Name} missed the {what} deadline";
                await DecisionAsync(connection, transaction, deadline.CaseId, now, new Decision("escalation", upper.Id, reason), ct);
                await TimelineAsync(connection, transaction, deadline.CaseId, now, "escalated", upper.Id, "clock", $"Escalated to {upper.Name}: {reason}", ct);
                await notifier.NotifyAsync(connection, transaction, upper.Id, deadline.CaseId, "escalated", $"Case {deadline.CaseId}: {reason}", now, ct);
                await outbox.EnqueueAsync(connection, transaction, new CaseEscalated
                {
                    CaseId = deadline.CaseId, FromUnitId = unit.Id, ToUnitId = upper.Id, Reason = reason, At = now,
                }, ct);
            }
            logger.LogWarning("Case {CaseId}: {Deadline} deadline of {UnitId} overdue", deadline.CaseId, deadline.Kind, deadline.UnitId);
        }
        await transaction.CommitAsync(ct);
        if (due.Count > 0)
        {
            outbox.NotifyCommitted();
        }
        return due.Count;
    }

    /// <summary>Call after a handling transaction commits: wakes the outbox relay.</summary>
    public void NotifyCommitted() => outbox.NotifyCommitted();

    /// <summary>Gives a unit its task; its deadlines run from <paramref name="clockFrom"/> (the receipt) when given, else from now.</summary>
    private async Task AssignAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, Unit unit, bool lead,
        bool electionClock, DateTimeOffset now, string reason, CancellationToken ct, DateTimeOffset? clockFrom = null)
    {
        var deadlines = clocks.For(electionClock, clockFrom ?? now);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into case_tasks (case_id, unit_id, lead, state, assigned_at, acknowledge_by, investigation_start_by, close_by)
            values (@caseId, @unitId, @lead, @assigned, @at, @ackBy, @startBy, @closeBy)
            """, new
            {
                caseId, unitId = unit.Id, lead, assigned = TaskStates.Assigned, at = now.UtcDateTime,
                ackBy = deadlines.AcknowledgeBy?.UtcDateTime, startBy = deadlines.InvestigationStartBy?.UtcDateTime, closeBy = deadlines.CloseBy.UtcDateTime,
            }, transaction, cancellationToken: ct));
        foreach (var (kind, due) in new[]
                 {
                     (DeadlineKinds.Acknowledge, deadlines.AcknowledgeBy),
                     (DeadlineKinds.InvestigationStart, deadlines.InvestigationStartBy),
                     (DeadlineKinds.Close, (DateTimeOffset?)deadlines.CloseBy),
                 })
        {
            if (due is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into deadlines (id, case_id, unit_id, kind, due_at) values (@id, @caseId, @unitId, @kind, @due)",
                    new { id = Guid.CreateVersion7(), caseId, unitId = unit.Id, kind, due = due.Value.UtcDateTime }, transaction, cancellationToken: ct));
            }
        }
        await TimelineAsync(connection, transaction, caseId, now, "assigned", unit.Id, "routing",
            $"{(lead ? "Lead" : "Joint handling")}: {unit.Name}", ct);
        await outbox.EnqueueAsync(connection, transaction, new CaseAssigned
        {
            CaseId = caseId, ReportIds = await ReportIdsAsync(connection, transaction, caseId, ct), UnitId = unit.Id, UnitName = unit.Name,
            Lead = lead, Reason = reason, AcknowledgeBy = deadlines.AcknowledgeBy, CloseBy = deadlines.CloseBy, At = now,
        }, ct);
        await notifier.NotifyAsync(connection, transaction, unit.Id, caseId, "assigned",
            $"{(electionClock ? "Election report: acknowledge within the hour. " : "")}{(lead ? "New case" : "Joint case")}: {reason}", now, ct);
    }

    private static async Task<(short State, string? Lead)> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, CancellationToken ct)
    {
        var head = await connection.QuerySingleOrDefaultAsync<CaseHead>(new CommandDefinition(
            "select state as State, lead_unit_id as LeadUnitId from cases where id = @caseId for update", new { caseId }, transaction, cancellationToken: ct))
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No case has this id."));
        return (head.State, head.LeadUnitId);
    }

    private async Task<TaskRow> TaskAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            "select lead as Lead, state as State, acknowledge_by as AcknowledgeBy from case_tasks where case_id = @caseId and unit_id = @unitId",
            new { caseId, unitId }, transaction, cancellationToken: ct))
        ?? throw Precondition($"{UnitName(unitId)} has no part in this case.");

    private static async Task<IReadOnlyList<Guid>> ReportIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        (await connection.QueryAsync<Guid>(new CommandDefinition(
            "select report_id from case_reports where case_id = @caseId order by attached_at, report_id", new { caseId }, transaction, cancellationToken: ct))).ToList();

    private static Task SetStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, short state, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("update cases set state = @state where id = @caseId", new { state, caseId }, transaction, cancellationToken: ct));

    private static Task MeetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, string unitId, string[] kinds,
        DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update deadlines set met_at = @at where case_id = @caseId and unit_id = @unitId and kind = any(@kinds) and met_at is null and fired_at is null",
            new { at = now.UtcDateTime, caseId, unitId, kinds }, transaction, cancellationToken: ct));

    private static Task DecisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, Decision decision, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "insert into case_decisions (case_id, at, kind, unit_id, reason) values (@caseId, @at, @Kind, @UnitId, @Reason)",
            new { caseId, at = at.UtcDateTime, decision.Kind, decision.UnitId, decision.Reason }, transaction, cancellationToken: ct));

    public static Task TimelineAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, string kind,
        string unitId, string actor, string description, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "insert into case_timeline (case_id, at, kind, unit_id, actor, description) values (@caseId, @at, @kind, @unitId, @actor, @description)",
            new { caseId, at = at.UtcDateTime, kind, unitId, actor, description }, transaction, cancellationToken: ct));

    private string UnitName(string unitId) => directory.FindUnit(unitId)?.Name ?? unitId;

    public static string OutcomeName(short outcome) => outcome switch
    {
        1 => "substantiated",
        2 => "partly substantiated",
        3 => "unsubstantiated",
        4 => "cannot be verified",
        _ => "unspecified",
    };

    private static RpcException Precondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    private sealed record TaskRow(bool Lead, string State, DateTime? AcknowledgeBy);

    private sealed record CaseHead(short State, string? LeadUnitId);

    private sealed record CurrentLead(string? LeadUnitId, DateTime CloseBy);
}
