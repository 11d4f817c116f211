using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Routing.Localization;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Messaging;
using Unit = Supervision.Reference.Unit;
using Supervision.Platform;
using Supervision.Reference;

namespace Supervision.Routing.Grpc;

/// <summary>
/// Handlers, dispatchers and other government systems work cases here. A caller acts for units
/// inside its jurisdiction; every change is validated against the case's state under its row lock.
/// </summary>
[Authorize(Roles = Roles.AnyStaff)]
public sealed partial class CaseHandlingService(
    NpgsqlDataSource dataSource,
    CaseHandlingSteps handling,
    CaseConclusion conclusion,
    PhoneNotices phoneNotices,
    DutyCoverage dutyCoverage,
    Outbox outbox,
    CaseQueries queries,
    CityDirectory directory,
    RoutingRules rules,
    TimeProvider time,
    IOptions<ClockOptions> clocks,
    ILogger<CaseHandlingService> logger) : CaseHandling.CaseHandlingBase
{
    private static readonly string[] ActingRoles = [Roles.Handler, Roles.Dispatcher, Roles.OversightOfficer, Roles.IntakeClerk];
    private static readonly string[] DispatchRoles = [Roles.Dispatcher, Roles.OversightOfficer];
    private static readonly string[] StepKinds = ["site-visit", "interview", "evidence", "other"];
    private static readonly TimeSpan LongestShift = TimeSpan.FromDays(7);
    /// <summary>The most reports one <see cref="ListCasesByReports"/> call looks up.</summary>
    public const int MostReportsPerLookup = 100;
    /// <summary>How far ahead of the server's clock a caller's clock may run: a call "made" later than this is refused.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, size) = Page(request.PageToken, request.PageSize, violations);
        if (!Enum.IsDefined(request.State)) violations.Add("state", RoutingTexts.Words["field.state.unknown", (int)request.State]);
        if (request.UnitId.Length > 0 && directory.FindUnit(request.UnitId) is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        violations.ThrowIfAny();

        IReadOnlyList<string>? units = null;
        if (request.UnitId.Length > 0)
        {
            directory.RequireJurisdiction(caller, directory.FindUnit(request.UnitId)!.DivisionCode);
        }
        else
        {
            units = UnitsInJurisdiction(caller);
        }
        var cases = await queries.ListAsync(new CaseListFilter(NullIfEmpty(request.UnitId), units, null,
            request.State == CaseState.Unspecified ? null : (short)request.State, request.HasElectionClock ? request.ElectionClock : null,
            request.OverdueOnly, request.DueSoonOnly, clocks.Value.DueSoonWithin, after, size + 1), context.CancellationToken);
        return PageOf(cases, size);
    }

    public override async Task<Case> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var found = await queries.GetAsync(ParseCaseId(request.CaseId), context.CancellationToken)
                    ?? throw new RpcException(new Status(StatusCode.NotFound, RoutingTexts.Words["case.not-found"]));
        var divisions = found.Tasks.Select(t => directory.FindUnit(t.UnitId)?.DivisionCode).OfType<string>().Append(found.ReceivingDivisionCode);
        if (!divisions.Any(d => directory.Covers(caller, d)))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["case.outside-jurisdiction", caller.DivisionCode]));
        }
        foreach (var task in found.Tasks)
        {
            task.UnitName = directory.FindUnit(task.UnitId)?.Name ?? task.UnitId;
        }
        foreach (var measure in found.Measures)
        {
            measure.KindName = rules.MeasureKind(measure.Kind)?.Name ?? measure.Kind;
        }
        if (await queries.NoticeAsync(Guid.Parse(found.CaseId), context.CancellationToken) is { } notice)
        {
            found.OutcomeNotice = NoticeOf(notice, directory);
        }
        return found;
    }

    public override async Task<Case> GetCaseByReport(GetCaseByReportRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.ReportId, out var reportId))
        {
            throw FieldViolations.Single("report_id", RoutingTexts.Words["field.report-id.format"]);
        }
        var caseId = await queries.CaseOfReportAsync(reportId, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, RoutingTexts.Words["case.of-report.not-found"]));
        return await GetCase(new GetCaseRequest { CaseId = caseId.ToString() }, context);
    }

    public override async Task<ListCasesByReportsResponse> ListCasesByReports(ListCasesByReportsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        if (request.ReportIds.Count is 0 or > MostReportsPerLookup)
        {
            violations.Add("report_ids", RoutingTexts.Words["field.report-ids.count", MostReportsPerLookup, request.ReportIds.Count]);
        }
        var reportIds = new List<Guid>(request.ReportIds.Count);
        for (var i = 0; i < request.ReportIds.Count; i++)
        {
            if (Guid.TryParse(request.ReportIds[i], out var reportId)) reportIds.Add(reportId);
            else violations.Add($"report_ids[{i}]", RoutingTexts.Words["field.report-id.format"]);
        }
        violations.ThrowIfAny();

        var response = new ListCasesByReportsResponse();
        var caseOf = await queries.CasesOfReportsAsync(reportIds.Distinct().ToList(), context.CancellationToken);
        if (caseOf.Count == 0)
        {
            return response;
        }
        var cases = (await queries.ListAsync(new CaseListFilter(null, UnitsInJurisdiction(caller), null, null, null, false, false,
                clocks.Value.DueSoonWithin, null, caseOf.Count, caseOf.Values.Distinct().ToList()), context.CancellationToken))
            .ToDictionary(c => c.CaseId);
        foreach (var reportId in reportIds.Distinct())
        {
            if (caseOf.TryGetValue(reportId, out var caseId) && cases.TryGetValue(caseId.ToString(), out var summary))
            {
                response.Placements.Add(new ReportPlacement { ReportId = reportId.ToString(), Case = summary });
            }
        }
        return response;
    }

    public override Task<Case> AcknowledgeCase(AcknowledgeCaseRequest request, ServerCallContext context) =>
        ActAsync(context, request.CaseId, request.UnitId, new FieldViolations(), (transaction, caseId, caller, now) =>
            handling.AcknowledgeAsync(transaction, caseId, request.UnitId, caller.Subject, now, context.CancellationToken));

    public override Task<Case> RecordInvestigationStep(RecordInvestigationStepRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (!StepKinds.Contains(request.Kind)) violations.Add("kind", PlatformTexts.Words["field.one-of", string.Join(", ", StepKinds)]);
        RequireText(violations, "note", request.Note, 5000);
        return ActAsync(context, request.CaseId, request.UnitId, violations, (transaction, caseId, caller, now) =>
            handling.RecordStepAsync(transaction, caseId, request.UnitId, request.Kind, request.Note.Trim(), caller.Subject, now, context.CancellationToken));
    }

    public override Task<Case> AskReporter(AskReporterRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        RequireText(violations, "question", request.Question, 2000);
        return ActAsync(context, request.CaseId, request.UnitId, violations, (transaction, caseId, caller, now) =>
            handling.AskReporterAsync(transaction, caseId, request.UnitId, request.Question.Trim(), caller.Subject, now, context.CancellationToken));
    }

    public override Task<Case> ConcludeCase(ConcludeCaseRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.Outcome == Outcome.Unspecified || !Enum.IsDefined(request.Outcome))
        {
            violations.Add("outcome", RoutingTexts.Words["field.outcome.required"]);
        }
        RequireText(violations, "findings", request.Findings, 10000);
        if (request.AccountabilityMeasures.Length > 5000) violations.Add("accountability_measures", PlatformTexts.Words["field.max-length", 5000]);
        if (request.PublicSummary.Length > 2000) violations.Add("public_summary", PlatformTexts.Words["field.max-length", 2000]);
        var measures = Measures(request.Measures, violations);
        var scope = NoticeScopeOf(request.NoticeScope, violations);
        if (request.NoticeText.Length > 5000) violations.Add("notice_text", PlatformTexts.Words["field.max-length", 5000]);
        return ActAsync(context, request.CaseId, request.UnitId, violations, (transaction, caseId, caller, now) =>
            conclusion.ConcludeAsync(transaction, caseId, request.UnitId, new Conclusion((short)request.Outcome, request.Findings.Trim(),
                request.AccountabilityMeasures.Trim(), request.PublicSummary.Trim())
            {
                Accountability = measures, NoticeScope = scope, NoticeText = request.NoticeText.Trim(),
            }, caller.Subject, now, context.CancellationToken));
    }

    public override Task<Case> GiveFeedback(GiveFeedbackRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        RequireText(violations, "result", request.Result, 2000);
        if (request.DeliveredBy.Length > 100) violations.Add("delivered_by", PlatformTexts.Words["field.max-length", 100]);
        var leadership = KnownUnits(request.LeadershipUnitIds, "leadership_unit_ids", violations);
        return ActAsync(context, request.CaseId, request.UnitId, violations, (transaction, caseId, caller, now) =>
            conclusion.GiveFeedbackAsync(transaction, caseId, request.UnitId, request.Result.Trim(), request.DeliveredBy.Trim(), leadership,
                caller.Subject, now, context.CancellationToken));
    }

    public override Task<Case> ResolveDispute(ResolveDisputeRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        RequireText(violations, "explanation", request.Explanation, 2000);
        return ActAsync(context, request.CaseId, request.UnitId, violations, (transaction, caseId, caller, now) =>
            conclusion.ResolveDisputeAsync(transaction, caseId, request.UnitId, request.Reopen, request.Explanation.Trim(),
                caller.Subject, now, context.CancellationToken));
    }

    public override async Task<Case> TransferCase(TransferCaseRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var to = directory.FindUnit(request.ToUnitId);
        if (to is null) violations.Add("to_unit_id", PlatformTexts.Words["field.unknown-unit", request.ToUnitId]);
        RequireText(violations, "reason", request.Reason, 1000, minimum: 5);
        var caseId = ParseCaseId(request.CaseId, violations);
        violations.ThrowIfAny();
        if (!caller.IsInAnyRole(ActingRoles))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["transfer.roles"]));
        }
        await InTransactionAsync(context, (transaction, now) =>
            handling.TransferAsync(transaction, caseId, to!, request.Reason.Trim(), caller.Subject, now, head =>
            {
                // The current holder (lead unit, or the dispatcher's division) must be the caller's to give away.
                var holderDivision = head.LeadUnitId is not null ? directory.FindUnit(head.LeadUnitId)?.DivisionCode : head.DispatchDivisionCode;
                if (holderDivision is null || !directory.Covers(caller, holderDivision))
                {
                    throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["case.held-outside-jurisdiction"]));
                }
                if (head.LeadUnitId is null && !caller.IsInAnyRole(DispatchRoles))
                {
                    throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["dispatch.roles"]));
                }
            }, context.CancellationToken));
        logger.LogInformation("Case {CaseId} moved to {UnitId} by {Subject}", caseId, to!.Id, caller.Subject);
        return await GetCase(new GetCaseRequest { CaseId = request.CaseId }, context);
    }

    public override async Task<Case> RequestJointHandling(RequestJointHandlingRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var caseId = ParseCaseId(request.CaseId, violations);
        if (request.CoUnitIds.Count is 0 or > 10) violations.Add("co_unit_ids", RoutingTexts.Words["field.co-units.count"]);
        var units = new List<Unit>();
        for (var i = 0; i < request.CoUnitIds.Count; i++)
        {
            if (request.CoUnitIds.IndexOf(request.CoUnitIds[i]) < i) violations.Add($"co_unit_ids[{i}]", RoutingTexts.Words["field.unit.listed-twice", request.CoUnitIds[i]]);
            else if (directory.FindUnit(request.CoUnitIds[i]) is { } unit) units.Add(unit);
            else violations.Add($"co_unit_ids[{i}]", PlatformTexts.Words["field.unknown-unit", request.CoUnitIds[i]]);
        }
        RequireText(violations, "reason", request.Reason, 1000, minimum: 5);
        violations.ThrowIfAny();
        if (!caller.IsInAnyRole(ActingRoles))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["joint.roles"]));
        }
        await InTransactionAsync(context, (transaction, now) =>
            handling.AddCoUnitsAsync(transaction, caseId, units, request.Reason.Trim(), caller.Subject, now, head =>
            {
                if (head.LeadUnitId is not null && directory.FindUnit(head.LeadUnitId) is { } leadUnit && !directory.Covers(caller, leadUnit.DivisionCode))
                {
                    throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["joint.lead-side-only"]));
                }
            }, context.CancellationToken));
        return await GetCase(new GetCaseRequest { CaseId = request.CaseId }, context);
    }

    public override async Task<ListCasesResponse> ListDispatchQueue(ListDispatchQueueRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, size) = Page(request.PageToken, request.PageSize, violations);
        var scope = Scope(caller, request.DivisionCode, violations);
        violations.ThrowIfAny();
        var cases = await queries.ListAsync(new CaseListFilter(null, null, directory.Subtree(scope), null, null, false, false,
            TimeSpan.Zero, after, size + 1), context.CancellationToken);
        return PageOf(cases, size);
    }

    public override async Task<ListCasesResponse> ListOverdue(ListOverdueRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, size) = Page(request.PageToken, request.PageSize, violations);
        var scope = Scope(caller, request.DivisionCode, violations);
        violations.ThrowIfAny();
        var units = directory.Units.Where(u => directory.Covers(scope, u.DivisionCode)).Select(u => u.Id).ToList();
        var cases = await queries.ListAsync(new CaseListFilter(null, units, null, null, null, true, false, TimeSpan.Zero, after, size + 1),
            context.CancellationToken);
        return PageOf(cases, size);
    }

    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        var (after, size) = Page(request.PageToken, request.PageSize, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit!.DivisionCode);
        var notifications = await NotificationStore.NotificationsAsync(dataSource, unit.Id, after, size + 1, CultureInfo.CurrentUICulture, directory,
            context.CancellationToken);
        var response = new ListNotificationsResponse { NextPageToken = NextPageToken(notifications, size, n => (n.At, n.NotificationId)) };
        response.Notifications.AddRange(notifications.Take(size));
        return response;
    }

    public override async Task<DutyShift> SetDutyShift(SetDutyShiftRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        RequireText(violations, "officer", request.Officer, 50);
        if (request.Phone.Length > 30) violations.Add("phone", PlatformTexts.Words["field.max-length", 30]);
        if (request.StartsAt is null) violations.Add("starts_at", PlatformTexts.Words["field.required"]);
        if (request.EndsAt is null) violations.Add("ends_at", PlatformTexts.Words["field.required"]);
        if (request.StartsAt is not null && request.EndsAt is not null)
        {
            var length = request.EndsAt.ToDateTimeOffset() - request.StartsAt.ToDateTimeOffset();
            if (length <= TimeSpan.Zero) violations.Add("ends_at", PlatformTexts.Words["field.after", "starts_at"]);
            else if (length > LongestShift) violations.Add("ends_at", RoutingTexts.Words["field.shift.too-long"]);
        }
        violations.ThrowIfAny();
        if (!caller.IsInAnyRole(DispatchRoles))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["duty.roles"]));
        }
        directory.RequireJurisdiction(caller, unit!.DivisionCode);
        return await NotificationStore.AddShiftAsync(dataSource, unit.Id, request.Officer.Trim(), request.Phone.Trim(), request.StartsAt!.ToDateTimeOffset(),
            request.EndsAt!.ToDateTimeOffset(), context.CancellationToken);
    }

    public override async Task<ListDutyRosterResponse> ListDutyRoster(ListDutyRosterRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var unit = directory.FindUnit(request.UnitId) ?? throw FieldViolations.Single("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        directory.RequireJurisdiction(caller, unit.DivisionCode);
        var now = time.GetUtcNow();
        var response = new ListDutyRosterResponse();
        response.Shifts.AddRange(await NotificationStore.RosterAsync(dataSource, unit.Id, request.From?.ToDateTimeOffset() ?? now.AddDays(-1),
            request.To?.ToDateTimeOffset() ?? now.AddDays(7), context.CancellationToken));
        return response;
    }

    public override async Task<ListPhoneNoticesResponse> ListPhoneNotices(ListPhoneNoticesRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        if (!Enum.IsDefined(request.State)) violations.Add("state", RoutingTexts.Words["field.state.unknown", (int)request.State]);
        var (after, size) = Page(request.PageToken, request.PageSize, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit!.DivisionCode);
        bool? confirmed = request.State switch
        {
            PhoneNoticeState.Pending => false,
            PhoneNoticeState.Confirmed => true,
            _ => null,
        };
        var notices = await PhoneNoticeStore.ListAsync(dataSource, unit.Id, confirmed, after, size + 1, CultureInfo.CurrentUICulture, directory,
            context.CancellationToken);
        var response = new ListPhoneNoticesResponse { NextPageToken = NextPageToken(notices, size, n => (n.CreatedAt, n.NoticeId)) };
        response.Notices.AddRange(notices.Take(size).Select(Named));
        return response;
    }

    public override async Task<PhoneNotice> ConfirmPhoneNotice(ConfirmPhoneNoticeRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        if (!Guid.TryParse(request.NoticeId, out var noticeId)) violations.Add("notice_id", RoutingTexts.Words["field.notice-id.format"]);
        if (request.CalledAt is null) violations.Add("called_at", PlatformTexts.Words["field.required"]);
        else if (request.CalledAt.ToDateTimeOffset() > time.GetUtcNow() + ClockSkew) violations.Add("called_at", PlatformTexts.Words["field.not-in-future"]);
        RequireText(violations, "callee_name", request.CalleeName, 50);
        RequireText(violations, "caller_name", request.CallerName, 50);
        violations.ThrowIfAny();
        if (!caller.IsInAnyRole(ActingRoles))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["phone-notice.needs-role", string.Join(", ", ActingRoles)]));
        }
        var call = new PhoneCall(request.CalledAt!.ToDateTimeOffset(), request.CalleeName.Trim(), request.CallerName.Trim());
        await InTransactionAsync(context, (transaction, now) => phoneNotices.ConfirmAsync(transaction, noticeId, call, caller.Subject, now,
            dutyUnitId => directory.RequireJurisdiction(caller, directory.FindUnit(dutyUnitId)?.DivisionCode ?? directory.CityCode),
            context.CancellationToken));
        logger.LogInformation("Phone notice {NoticeId} confirmed by {Subject}", noticeId, caller.Subject);
        return Named(await PhoneNoticeStore.GetAsync(dataSource, noticeId, CultureInfo.CurrentUICulture, directory, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, RoutingTexts.Words["phone-notice.not-found"])));
    }

    private PhoneNotice Named(PhoneNotice notice)
    {
        notice.HandlingUnitName = directory.FindUnit(notice.HandlingUnitId)?.Name ?? notice.HandlingUnitId;
        return notice;
    }

    /// <summary>Validates, checks the caller may act for the unit, runs the change in one transaction, returns the case.</summary>
    private async Task<Case> ActAsync(ServerCallContext context, string caseIdText, string unitId, FieldViolations violations,
        Func<NpgsqlTransaction, Guid, StaffCaller, DateTimeOffset, Task> change)
    {
        var caller = context.RequireStaffCaller();
        var caseId = ParseCaseId(caseIdText, violations);
        var unit = directory.FindUnit(unitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", unitId]);
        violations.ThrowIfAny();
        if (!caller.IsInAnyRole(ActingRoles))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["handling.needs-role", string.Join(", ", ActingRoles)]));
        }
        directory.RequireJurisdiction(caller, unit!.DivisionCode);
        await InTransactionAsync(context, (transaction, now) => change(transaction, caseId, caller, now));
        return await GetCase(new GetCaseRequest { CaseId = caseIdText }, context);
    }

    /// <summary>Runs a change to a case in one transaction; a case that does not exist is NOT_FOUND.</summary>
    private async Task InTransactionAsync(ServerCallContext context, Func<NpgsqlTransaction, DateTimeOffset, Task> change)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        try
        {
            await change(transaction, time.GetUtcNow());
        }
        catch (CaseNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, RoutingTexts.Words["case.not-found"]));
        }
        catch (PhoneNoticeNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, RoutingTexts.Words["phone-notice.not-found"]));
        }
        catch (ConclusionIncompleteException incomplete)
        {
            throw FieldViolations.Single(incomplete.Field, incomplete.Rule.In(CultureInfo.CurrentUICulture, directory));
        }
        catch (UnitAlreadyInCaseException ex)
        {
            throw FieldViolations.Single($"co_unit_ids[{ex.Index}]", ex.Rule.In(CultureInfo.CurrentUICulture, directory));
        }
        await transaction.CommitAsync(context.CancellationToken);
        outbox.NotifyCommitted();
    }

    private IReadOnlyList<string> UnitsInJurisdiction(StaffCaller caller) =>
        directory.Units.Where(u => directory.Covers(caller, u.DivisionCode)).Select(u => u.Id).ToList();

    private string Scope(StaffCaller caller, string divisionCode, FieldViolations violations)
    {
        if (divisionCode.Length > 0 && directory.FindDivision(divisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", divisionCode]);
            return caller.DivisionCode;
        }
        var scope = divisionCode.Length > 0 ? divisionCode : caller.DivisionCode;
        if (!violations.Any)
        {
            directory.RequireJurisdiction(caller, scope);
        }
        return scope;
    }

    private static Guid ParseCaseId(string text, FieldViolations? violations = null)
    {
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }
        if (violations is null)
        {
            throw FieldViolations.Single("case_id", RoutingTexts.Words["field.case-id.format"]);
        }
        violations.Add("case_id", RoutingTexts.Words["field.case-id.format"]);
        return Guid.Empty;
    }

    private static void RequireText(FieldViolations violations, string field, string value, int max, int minimum = 1)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length < minimum)
        {
            violations.Add(field, minimum > 1 ? PlatformTexts.Words["field.required-min-length", minimum] : PlatformTexts.Words["field.required"]);
        }
        else if (value.Length > max)
        {
            violations.Add(field, PlatformTexts.Words["field.max-length", max]);
        }
    }

    private static ((DateTime, Guid)? After, int Size) Page(string token, int size, FieldViolations violations) =>
        PageToken.Read(token, size, defaultSize: 50, maxSize: 200, violations);

    private static ListCasesResponse PageOf(IReadOnlyList<CaseSummary> cases, int size)
    {
        var response = new ListCasesResponse { NextPageToken = NextPageToken(cases, size, c => (c.NextDeadline, c.CaseId)) };
        response.Cases.AddRange(cases.Take(size));
        return response;
    }

    /// <summary>A page read one row past its size: the token of its last row if there is more, else empty.</summary>
    private static string NextPageToken<T>(IReadOnlyList<T> rows, int size, Func<T, (Google.Protobuf.WellKnownTypes.Timestamp At, string Id)> key)
    {
        if (rows.Count <= size)
        {
            return "";
        }
        var (at, id) = key(rows[size - 1]);
        return PageToken.Encode(at.ToDateTime(), Guid.Parse(id));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
