using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using static Supervision.Reporting.Grpc.RequestChecks;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// The head's two-way interviews: oversight officers (the department's cadre-supervision staff, acting for the head)
/// schedule them and record their outcome; auditors read them. Each interview lies in its interviewee's division.
/// </summary>
[Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor)]
public sealed class HeadInterviewsService(
    NpgsqlDataSource dataSource,
    TwoWayInterviews interviews,
    DailyDispatches dispatches,
    CityDirectory directory,
    ILogger<HeadInterviewsService> logger) : HeadInterviews.HeadInterviewsBase
{
    public const int TopicLength = 500;
    public const int NotesLength = 2000;
    public const int FollowUpLength = 1000;

    private readonly InterviewReading _reading = new(new Figures(directory), directory, dispatches.Schedule);

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<Interview> ScheduleInterview(ScheduleInterviewRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var initiative = OneOf("initiative", request.Initiative, violations,
            (InterviewInitiative.Head, TwoWayInterviews.Head), (InterviewInitiative.Requested, TwoWayInterviews.Requested));
        var division = Interviewee(request, violations);
        var now = interviews.Now;
        var outsideLead = false;
        if (request.ScheduledAt is null)
        {
            violations.Add("scheduled_at", PlatformTexts.Words["field.required"]);
        }
        else if (request.ScheduledAt.ToDateTimeOffset() is var at && (at <= now || at > now + TwoWayInterviews.LongestLead))
        {
            outsideLead = true;
        }
        Text("topic", request.Topic, TopicLength, required: true, violations);
        Key(request.IdempotencyKey, violations);
        if (outsideLead && !violations.Any)
        {
            // A retry that arrives after the interview's time is answered with the interview it scheduled; only a new
            // request must ask for a time ahead.
            var unkeyedRetry = request.Clone();
            unkeyedRetry.IdempotencyKey = "";
            if (await dataSource.InTransactionAsync(t => interviews.FindRetryAsync(t, request.IdempotencyKey, SHA256.HashData(unkeyedRetry.ToByteArray()),
                    context.CancellationToken), context.CancellationToken) is { } scheduled)
            {
                directory.RequireJurisdiction(caller, scheduled.DivisionCode);
                return _reading.Read(scheduled);
            }
        }
        if (outsideLead)
        {
            violations.Add("scheduled_at", ReportingTexts.Words["field.interview.scheduled-at", TwoWayInterviews.LongestLead.Days]);
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, division!);

        var unkeyed = request.Clone();
        unkeyed.IdempotencyKey = "";
        var plan = new InterviewPlan(initiative!, Blank(request.CadreId), Blank(request.UnitId), division!, request.ScheduledAt!.ToDateTimeOffset(),
            request.Topic.Trim());
        var row = await dataSource.InTransactionAsync(t => interviews.ScheduleAsync(t, plan, caller.Subject, request.IdempotencyKey,
            SHA256.HashData(unkeyed.ToByteArray()), context.CancellationToken), context.CancellationToken)
            ?? throw FieldViolations.Single("idempotency_key", ReportingTexts.Words["field.idempotency-key.reused"]);
        logger.LogInformation("Interview {InterviewId} ({Initiative}) scheduled in {Division} by {Caller}", row.InterviewId, initiative, division,
            caller.Subject);
        return _reading.Read(row);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<Interview> RecordInterviewOutcome(RecordInterviewOutcomeRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = InterviewId(request.InterviewId, violations);
        var status = OneOf("outcome", request.Outcome, violations,
            (InterviewStatus.Held, TwoWayInterviews.Held), (InterviewStatus.NotHeld, TwoWayInterviews.NotHeld));
        Text("notes", request.Notes, NotesLength, required: true, violations);
        Text("follow_up", request.FollowUp, FollowUpLength, required: false, violations);
        var followUpBy = FollowUp(request, status, violations);
        violations.ThrowIfAny();

        var outcome = new InterviewOutcome(status!, request.Notes.Trim(), Blank(request.FollowUp.Trim()), Blank(request.FollowUpUnitId), followUpBy);
        var row = await dataSource.InTransactionAsync(async t =>
        {
            var found = await InterviewStore.FindAsync(t, id, forUpdate: false, context.CancellationToken) ?? throw NotFound(request.InterviewId);
            directory.RequireJurisdiction(caller, found.DivisionCode);
            return await interviews.RecordAsync(t, id, outcome, caller.Subject, context.CancellationToken) ?? throw NotFound(request.InterviewId);
        }, context.CancellationToken);
        logger.LogInformation("Interview {InterviewId} recorded as {Status} by {Caller}", id, status, caller.Subject);
        return _reading.Read(row);
    }

    public override async Task<Interview> GetInterview(GetInterviewRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = InterviewId(request.InterviewId, violations);
        violations.ThrowIfAny();
        var row = await dataSource.InTransactionAsync(t => InterviewStore.FindAsync(t, id, forUpdate: false, context.CancellationToken), context.CancellationToken)
                  ?? throw NotFound(request.InterviewId);
        directory.RequireJurisdiction(caller, row.DivisionCode);
        return _reading.Read(row);
    }

    public override async Task<ListInterviewsResponse> ListInterviews(ListInterviewsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, 20, 100, violations);
        violations.ThrowIfAny();
        var rows = await dataSource.InTransactionAsync(t => InterviewStore.ListAsync(t, directory.Subtree(caller.DivisionCode), after, size + 1,
            context.CancellationToken), context.CancellationToken);
        var answer = new ListInterviewsResponse();
        answer.Interviews.AddRange(rows.Take(size).Select(_reading.Read));
        if (rows.Count > size)
        {
            answer.NextPageToken = PageToken.Encode(DateTime.SpecifyKind(rows[size - 1].ScheduledAt, DateTimeKind.Utc), rows[size - 1].InterviewId);
        }
        return answer;
    }

    /// <summary>Exactly one of cadre and unit, known to the directory; the interview's division is theirs.</summary>
    private string? Interviewee(ScheduleInterviewRequest request, FieldViolations violations)
    {
        if ((request.CadreId.Length > 0) == (request.UnitId.Length > 0))
        {
            var rule = ReportingTexts.Words["field.interview.one-interviewee"];
            violations.Add("cadre_id", rule).Add("unit_id", rule);
            return null;
        }
        if (request.CadreId.Length > 0)
        {
            var cadre = directory.FindCadre(request.CadreId);
            if (cadre is null) violations.Add("cadre_id", PlatformTexts.Words["field.unknown-cadre", request.CadreId]);
            return cadre?.DivisionCode;
        }
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        return unit?.DivisionCode;
    }

    /// <summary>A follow-up names its unit and its date, not before today; only an interview that was held has one.</summary>
    private DateOnly? FollowUp(RecordInterviewOutcomeRequest request, string? status, FieldViolations violations)
    {
        var given = new[] { ("follow_up", request.FollowUp), ("follow_up_unit_id", request.FollowUpUnitId), ("follow_up_by", request.FollowUpBy) };
        if (status == TwoWayInterviews.NotHeld)
        {
            foreach (var (field, _) in given.Where(g => g.Item2.Length > 0))
            {
                violations.Add(field, ReportingTexts.Words["field.interview.held-only"]);
            }
            return null;
        }
        if (request.FollowUp.Trim().Length == 0)
        {
            foreach (var (field, _) in given.Skip(1).Where(g => g.Item2.Length > 0))
            {
                violations.Add(field, ReportingTexts.Words["field.interview.follow-up-only"]);
            }
            return null;
        }
        if (request.FollowUpUnitId.Length == 0)
        {
            violations.Add("follow_up_unit_id", ReportingTexts.Words["field.interview.with-follow-up"]);
        }
        else if (directory.FindUnit(request.FollowUpUnitId) is null)
        {
            violations.Add("follow_up_unit_id", PlatformTexts.Words["field.unknown-unit", request.FollowUpUnitId]);
        }
        if (request.FollowUpBy.Length == 0)
        {
            violations.Add("follow_up_by", ReportingTexts.Words["field.interview.with-follow-up"]);
            return null;
        }
        if (!DateOnly.TryParseExact(request.FollowUpBy, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var by))
        {
            violations.Add("follow_up_by", ReportingTexts.Words["field.date.format"]);
            return null;
        }
        if (by < interviews.Today)
        {
            violations.Add("follow_up_by", ReportingTexts.Words["field.date.not-past"]);
        }
        return by;
    }

    private static Guid InterviewId(string value, FieldViolations violations)
    {
        if (!Guid.TryParse(value, out var id))
        {
            violations.Add("interview_id", ReportingTexts.Words["field.interview-id"]);
        }
        return id;
    }

    private static RpcException NotFound(string interviewId) =>
        new(new Status(StatusCode.NotFound, ReportingTexts.Words["interview.not-found", interviewId]));
}
