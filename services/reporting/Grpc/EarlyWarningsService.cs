using System.Globalization;
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
/// Early warnings about cadres and the reminder talks (谈话提醒) they propose: oversight officers and auditors read those of
/// their jurisdiction (the cadre's division); oversight officers record what came of a talk.
/// </summary>
[Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor)]
public sealed class EarlyWarningsService(NpgsqlDataSource dataSource, ReminderTalks talks, CityDirectory directory,
    ILogger<EarlyWarningsService> logger) : V1.EarlyWarnings.EarlyWarningsBase
{
    public const int NotesLength = 2000;

    private readonly EarlyWarningReading _reading = new(directory);

    public override async Task<ListEarlyWarningsResponse> ListEarlyWarnings(ListEarlyWarningsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var division = request.DivisionCode.Length == 0 ? caller.DivisionCode : request.DivisionCode;
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        var cadre = request.CadreId.Length == 0 ? null : directory.FindCadre(request.CadreId);
        if (request.CadreId.Length > 0 && cadre is null)
        {
            violations.Add("cadre_id", PlatformTexts.Words["field.unknown-cadre", request.CadreId]);
        }
        string? state = null;
        if (request.TalkState != ReminderTalkState.Unspecified)
        {
            state = OneOf("talk_state", request.TalkState, violations, (ReminderTalkState.Planned, EarlyWarningChecks.Planned),
                (ReminderTalkState.Held, EarlyWarningChecks.Held), (ReminderTalkState.Declined, EarlyWarningChecks.Declined));
        }
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, 20, 100, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, division);
        if (cadre is not null)
        {
            directory.RequireJurisdiction(caller, cadre.DivisionCode);
        }

        var cadres = cadre is not null
            ? [cadre.Id]
            : directory.Cadres.Where(c => directory.Covers(division, c.DivisionCode)).Select(c => c.Id).ToList();
        var rows = await dataSource.InTransactionAsync(t => EarlyWarningStore.ListAsync(t, new EarlyWarningQuery(cadres, state), after, size + 1,
            context.CancellationToken), context.CancellationToken);
        var answer = new ListEarlyWarningsResponse();
        answer.Warnings.AddRange(rows.Take(size).Select(_reading.Read));
        if (rows.Count > size)
        {
            answer.NextPageToken = PageToken.Encode(DateTime.SpecifyKind(rows[size - 1].RaisedAt, DateTimeKind.Utc), rows[size - 1].WarningId);
        }
        return answer;
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<EarlyWarning> RecordReminderTalk(RecordReminderTalkRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("warning_id", request.WarningId, violations);
        var state = OneOf("outcome", request.Outcome, violations, (ReminderTalkState.Held, EarlyWarningChecks.Held),
            (ReminderTalkState.Declined, EarlyWarningChecks.Declined));
        Text("notes", request.Notes, NotesLength, required: true, violations);
        var heldOn = HeldOn(request.HeldOn, state, violations);
        violations.ThrowIfAny();

        var row = await dataSource.InTransactionAsync(async t =>
        {
            var found = await EarlyWarningStore.FindAsync(t, id, forUpdate: false, context.CancellationToken) ?? throw NotFound(request.WarningId);
            directory.RequireJurisdiction(caller, _reading.DivisionOf(found) ?? "");
            return await talks.RecordAsync(t, id, new ReminderTalkOutcome(state!, request.Notes.Trim(), heldOn), caller.Subject, context.CancellationToken)
                   ?? throw NotFound(request.WarningId);
        }, context.CancellationToken);
        logger.LogInformation("Reminder talk of warning {WarningId} recorded as {State} by {Caller}", id, state, caller.Subject);
        return _reading.Read(row);
    }

    /// <summary>A held talk has its day, not after today; a declined one has none.</summary>
    private DateOnly? HeldOn(string value, string? state, FieldViolations violations)
    {
        if (state == EarlyWarningChecks.Declined)
        {
            if (value.Length > 0) violations.Add("held_on", ReportingTexts.Words["field.reminder-talk.held-only"]);
            return null;
        }
        if (state != EarlyWarningChecks.Held)
        {
            return null;
        }
        if (value.Length == 0)
        {
            violations.Add("held_on", PlatformTexts.Words["field.required"]);
            return null;
        }
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            violations.Add("held_on", ReportingTexts.Words["field.date.format"]);
            return null;
        }
        if (day > talks.Today)
        {
            violations.Add("held_on", ReportingTexts.Words["field.date.not-future"]);
        }
        return day;
    }

    private static RpcException NotFound(string warningId) =>
        new(new Status(StatusCode.NotFound, ReportingTexts.Words["early-warning.not-found", warningId]));
}
