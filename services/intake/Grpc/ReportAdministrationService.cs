using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.Platform;
using Supervision.Reference;

namespace Supervision.Intake.Grpc;

/// <summary>Staff methods. Every call needs a staff role; what a caller sees is limited to its jurisdiction.</summary>
[Authorize(Roles = Roles.AnyStaff)]
public sealed class ReportAdministrationService(
    AdministrationStore reports,
    ElectionPeriodStore electionPeriods,
    IdentityReveals reveals,
    CityDirectory directory,
    TimeProvider time,
    IOptions<IntakeOptions> options,
    ILogger<ReportAdministrationService> logger) : ReportAdministration.ReportAdministrationBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private static readonly string[] MessageRoles = [Roles.Handler, Roles.IntakeClerk, Roles.Supervisor, Roles.Dispatcher];

    public override async Task<ListReportsResponse> ListReports(ListReportsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, pageSize) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        if (!Enum.IsDefined(request.Channel)) violations.Add("channel", $"unknown channel {(int)request.Channel}");
        if (!Enum.IsDefined(request.Category)) violations.Add("category", $"unknown category {(int)request.Category}");
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", $"unknown division '{request.DivisionCode}'");
        }
        if (request.ReceivedFrom is not null && request.ReceivedTo is not null && request.ReceivedFrom.ToDateTimeOffset() >= request.ReceivedTo.ToDateTimeOffset())
        {
            violations.Add("received_to", "must be after received_from");
        }
        violations.ThrowIfAny();

        var scope = request.DivisionCode.Length > 0 ? request.DivisionCode : caller.DivisionCode;
        directory.RequireJurisdiction(caller, scope);
        var page = await reports.ListAsync(new ReportFilter(
            directory.Subtree(scope),
            request.Channel == Channel.Unspecified ? null : (short)request.Channel,
            request.Category == Category.Unspecified ? null : (short)request.Category,
            request.ReceivedFrom?.ToDateTimeOffset(),
            request.ReceivedTo?.ToDateTimeOffset(),
            request.HasElectionRelated ? request.ElectionRelated : null,
            after,
            pageSize + 1), context.CancellationToken);

        var response = new ListReportsResponse();
        response.Reports.AddRange(page.Take(pageSize).Select(r => r.ToSummary()));
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = PageToken.Encode(last.ReceivedAt, last.Id);
        }
        return response;
    }

    public override async Task<ReportDetail> GetReport(GetReportRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var report = await FindInJurisdictionAsync(request.ReportId, caller, context);
        var detail = new ReportDetail
        {
            Summary = report.ToSummary(),
            OccurredPlace = report.OccurredPlace,
            Account = report.Account,
            OccurredAt = report.OccurredAt?.ToTimestamp(),
            PreferredFeedbackChannel = (FeedbackChannel)report.PreferredFeedbackChannel,
        };
        detail.Timeline.AddRange((await reports.GetTimelineAsync(report.Id, context.CancellationToken)).Select(t => t.ToProto()));
        detail.Messages.AddRange((await reports.GetMessagesAsync(report.Id, context.CancellationToken)).Select(m => m.ToProto()));
        return detail;
    }

    public override async Task<ReporterIdentity> RevealReporterIdentity(RevealReporterIdentityRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var role = options.Value.IdentityRevealRoles.FirstOrDefault(caller.IsInRole)
                   ?? throw new RpcException(new Status(StatusCode.PermissionDenied,
                       $"Revealing a reporter's identity needs one of the roles {string.Join(", ", options.Value.IdentityRevealRoles)}."));
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length < 10)
        {
            throw FieldViolations.Single("reason", "required: at least 10 characters saying why the identity is needed (kept in the audit log)");
        }
        if (request.Reason.Length > 500)
        {
            throw FieldViolations.Single("reason", "at most 500 characters");
        }
        var report = await FindInJurisdictionAsync(request.ReportId, caller, context);
        var (identity, auditId) = await reveals.RevealAsync(report, caller.Subject, role, caller.DivisionCode, request.Reason.Trim(),
            time.GetUtcNow(), context.CancellationToken);
        logger.LogWarning("Reporter identity of report {ReportId} revealed to {Subject} as {Role} (audit {AuditId})",
            report.Id, caller.Subject, role, auditId);
        return new ReporterIdentity
        {
            Name = identity.Name,
            Phone = identity.Phone,
            IdNumber = identity.IdNumber,
            Address = identity.Address,
            PreferredFeedbackChannel = (FeedbackChannel)report.PreferredFeedbackChannel,
            AuditId = auditId.ToString(),
        };
    }

    public override async Task<ListIdentityRevealsResponse> ListIdentityReveals(ListIdentityRevealsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        if (!caller.IsInAnyRole([Roles.Auditor, Roles.Supervisor]))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The identity reveal log is for auditors and supervisors."));
        }
        var violations = new FieldViolations();
        var (after, pageSize) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        Guid? reportId = null;
        if (request.ReportId.Length > 0)
        {
            if (Guid.TryParse(request.ReportId, out var id)) reportId = id;
            else violations.Add("report_id", "must be a report id (UUID)");
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, caller.DivisionCode);

        var audits = await reports.ListRevealsAsync(directory.Subtree(caller.DivisionCode), reportId, after, pageSize + 1, context.CancellationToken);
        var response = new ListIdentityRevealsResponse();
        response.Reveals.AddRange(audits.Take(pageSize).Select(r => new IdentityReveal
        {
            AuditId = r.Id.ToString(),
            ReportId = r.ReportId.ToString(),
            RevealedBy = r.RevealedBy,
            Role = r.Role,
            CallerDivisionCode = r.CallerDivisionCode,
            Reason = r.Reason,
            At = r.At.ToTimestamp(),
        }));
        if (audits.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(audits[pageSize - 1].At, audits[pageSize - 1].Id);
        }
        return response;
    }

    public override async Task<ReporterMessage> SendMessageToReporter(SendMessageToReporterRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var role = MessageRoles.FirstOrDefault(caller.IsInRole)
                   ?? throw new RpcException(new Status(StatusCode.PermissionDenied, $"Messages to reporters need one of the roles {string.Join(", ", MessageRoles)}."));
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            throw FieldViolations.Single("body", "required: the message to the reporter");
        }
        if (SubmissionValidator.TextLength(request.Body) > 2000)
        {
            throw FieldViolations.Single("body", "at most 2000 characters");
        }
        var report = await FindInJurisdictionAsync(request.ReportId, caller, context);
        var message = await reports.AddStaffMessageAsync(report.Id, request.Body, role, caller.Subject, time.GetUtcNow(),
            PublicProgress.StaffMessage.Describe(), context.CancellationToken);
        return message.ToProto();
    }

    public override async Task<V1.ElectionPeriod> SetElectionPeriod(SetElectionPeriodRequest request, ServerCallContext context)
    {
        var caller = RequireSupervisor(context);
        var violations = new FieldViolations();
        if (directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", $"unknown division '{request.DivisionCode}'");
        }
        if (request.StartsAt is null) violations.Add("starts_at", "required");
        if (request.EndsAt is null) violations.Add("ends_at", "required");
        if (request.StartsAt is not null && request.EndsAt is not null)
        {
            var length = request.EndsAt.ToDateTimeOffset() - request.StartsAt.ToDateTimeOffset();
            if (length <= TimeSpan.Zero) violations.Add("ends_at", "must be after starts_at");
            else if (length > TimeSpan.FromDays(366)) violations.Add("ends_at", "an election period lasts at most a year");
        }
        if (request.Description.Length > 200) violations.Add("description", "at most 200 characters");
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, request.DivisionCode);

        var period = await electionPeriods.AddAsync(new ElectionPeriodRecord(Guid.CreateVersion7(), request.DivisionCode,
            request.StartsAt!.ToDateTime(), request.EndsAt!.ToDateTime(), request.Description.Trim()), caller.Subject, context.CancellationToken);
        logger.LogInformation("Election period {Id} set for {Division} by {Subject}", period.Id, period.DivisionCode, caller.Subject);
        return period.ToProto();
    }

    public override async Task<ListElectionPeriodsResponse> ListElectionPeriods(ListElectionPeriodsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            throw FieldViolations.Single("division_code", $"unknown division '{request.DivisionCode}'");
        }
        var scope = request.DivisionCode.Length > 0 ? request.DivisionCode : caller.DivisionCode;
        directory.RequireJurisdiction(caller, scope);
        // Periods set above the caller (a city-wide election) apply to it too.
        var divisions = directory.Subtree(scope).Concat(directory.Ancestry(scope)).Distinct().ToList();
        var response = new ListElectionPeriodsResponse();
        response.Periods.AddRange((await electionPeriods.ListAsync(divisions, context.CancellationToken)).Select(p => p.ToProto()));
        return response;
    }

    public override async Task<DeleteElectionPeriodResponse> DeleteElectionPeriod(DeleteElectionPeriodRequest request, ServerCallContext context)
    {
        var caller = RequireSupervisor(context);
        if (!Guid.TryParse(request.ElectionPeriodId, out var id))
        {
            throw FieldViolations.Single("election_period_id", "must be an election period id (UUID)");
        }
        var period = await electionPeriods.FindAsync(id, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, "No election period has this id."));
        directory.RequireJurisdiction(caller, period.DivisionCode);
        await electionPeriods.DeleteAsync(period, context.CancellationToken);
        return new DeleteElectionPeriodResponse();
    }

    private static StaffCaller RequireSupervisor(ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        return caller.IsInRole(Roles.Supervisor)
            ? caller
            : throw new RpcException(new Status(StatusCode.PermissionDenied, "Election periods are set by supervisors."));
    }

    private async Task<ReportRecord> FindInJurisdictionAsync(string reportId, StaffCaller caller, ServerCallContext context)
    {
        if (!Guid.TryParse(reportId, out var id))
        {
            throw FieldViolations.Single("report_id", "must be a report id (UUID)");
        }
        var report = await reports.FindAsync(id, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, "No report has this id."));
        directory.RequireJurisdiction(caller, report.ReceivingDivisionCode);
        return report;
    }

}
