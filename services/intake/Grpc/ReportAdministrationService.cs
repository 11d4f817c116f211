using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using Supervision.Platform;
using Supervision.Reference;

namespace Supervision.Intake.Grpc;

/// <summary>Staff methods. Every call needs a staff role; what a caller sees is limited to its jurisdiction.</summary>
[Authorize(Roles = Roles.AnyStaff)]
public sealed partial class ReportAdministrationService(
    AdministrationStore reports,
    IdentityRevealStore revealStore,
    ElectionPeriodStore electionPeriods,
    IdentityReveals reveals,
    CityDirectory directory,
    TimeProvider time,
    IOptions<IntakeOptions> options,
    ILogger<ReportAdministrationService> logger) : ReportAdministration.ReportAdministrationBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private static readonly string[] MessageRoles = [Roles.Handler, Roles.IntakeClerk, Roles.OversightOfficer, Roles.Dispatcher];

    public override async Task<ListReportsResponse> ListReports(ListReportsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, pageSize) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        if (!Enum.IsDefined(request.Channel)) violations.Add("channel", IntakeTexts.Words["field.channel.unknown", (int)request.Channel]);
        if (!Enum.IsDefined(request.Category)) violations.Add("category", IntakeTexts.Words["field.category.unknown", (int)request.Category]);
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        if (request.ReceivedFrom is not null && request.ReceivedTo is not null && request.ReceivedFrom.ToDateTimeOffset() >= request.ReceivedTo.ToDateTimeOffset())
        {
            violations.Add("received_to", PlatformTexts.Words["field.after", "received_from"]);
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
        detail.Timeline.AddRange((await reports.GetTimelineAsync(report.Id, context.CancellationToken)).Select(t => t.ToProto(directory)));
        detail.Messages.AddRange((await reports.GetMessagesAsync(report.Id, context.CancellationToken)).Select(m => m.ToProto()));
        return detail;
    }

    public override async Task<ReporterMessage> SendMessageToReporter(SendMessageToReporterRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var role = MessageRoles.FirstOrDefault(caller.IsInRole)
                   ?? throw new RpcException(new Status(StatusCode.PermissionDenied, IntakeTexts.Words["message.needs-role", string.Join(", ", MessageRoles)]));
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            throw FieldViolations.Single("body", IntakeTexts.Words["field.message-body.required"]);
        }
        if (SubmissionValidator.TextLength(request.Body) > 2000)
        {
            throw FieldViolations.Single("body", PlatformTexts.Words["field.max-length", 2000]);
        }
        var report = await FindInJurisdictionAsync(request.ReportId, caller, context);
        var message = await reports.AddStaffMessageAsync(report.Id, request.Body, role, caller.Subject, time.GetUtcNow(),
            PublicProgress.StaffMessage.Describe(), context.CancellationToken);
        return message.ToProto();
    }

    public override async Task<V1.ElectionPeriod> SetElectionPeriod(SetElectionPeriodRequest request, ServerCallContext context)
    {
        var caller = RequireOversightOfficer(context);
        var violations = new FieldViolations();
        if (directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        if (request.StartsAt is null) violations.Add("starts_at", PlatformTexts.Words["field.required"]);
        if (request.EndsAt is null) violations.Add("ends_at", PlatformTexts.Words["field.required"]);
        if (request.StartsAt is not null && request.EndsAt is not null)
        {
            var length = request.EndsAt.ToDateTimeOffset() - request.StartsAt.ToDateTimeOffset();
            if (length <= TimeSpan.Zero) violations.Add("ends_at", PlatformTexts.Words["field.after", "starts_at"]);
            else if (length > TimeSpan.FromDays(366)) violations.Add("ends_at", IntakeTexts.Words["field.election-period.too-long"]);
        }
        if (request.Description.Length > 200) violations.Add("description", PlatformTexts.Words["field.max-length", 200]);
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
            throw FieldViolations.Single("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
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
        var caller = RequireOversightOfficer(context);
        if (!Guid.TryParse(request.ElectionPeriodId, out var id))
        {
            throw FieldViolations.Single("election_period_id", IntakeTexts.Words["field.election-period-id.format"]);
        }
        var period = await electionPeriods.FindAsync(id, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, IntakeTexts.Words["election-period.not-found"]));
        directory.RequireJurisdiction(caller, period.DivisionCode);
        await electionPeriods.DeleteAsync(period, context.CancellationToken);
        return new DeleteElectionPeriodResponse();
    }

    private static StaffCaller RequireOversightOfficer(ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        return caller.IsInRole(Roles.OversightOfficer)
            ? caller
            : throw new RpcException(new Status(StatusCode.PermissionDenied, IntakeTexts.Words["election-period.supervisors-only"]));
    }

    private async Task<ReportRecord> FindInJurisdictionAsync(string reportId, StaffCaller caller, ServerCallContext context)
    {
        if (!Guid.TryParse(reportId, out var id))
        {
            throw FieldViolations.Single("report_id", IntakeTexts.Words["field.report-id.format"]);
        }
        var report = await reports.FindAsync(id, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, IntakeTexts.Words["report.not-found"]));
        directory.RequireJurisdiction(caller, report.ReceivingDivisionCode);
        return report;
    }

}
