using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.Inspection.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Inspection.Grpc;

/// <summary>The reports and cases reaching a tour: its acting team members and auditors read them.</summary>
[Authorize]
internal sealed class TourCaseloadService(TourPlanningSteps planning, TourCaseloadQueries caseload, FindingReferrals referrals, CityDirectory directory) : TourCaseload.TourCaseloadBase
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public override async Task<ListTourReportsResponse> ListTourReports(ListTourReportsRequest request, ServerCallContext context)
    {
        var (page, next) = await PageAsync(request.TourId, request.PageToken, request.PageSize, context, caseload.ReportsAsync,
            r => (r.ReceivedAt.UtcDateTime, r.ReportId));
        var response = new ListTourReportsResponse { NextPageToken = next };
        response.Reports.AddRange(page.Select(r => new LinkedReport
        {
            ReportId = r.ReportId.ToString(),
            ReceivedAt = r.ReceivedAt.ToTimestamp(),
            ReceivedByTeam = r.ReceivedByTeam,
            CaseId = r.CaseId?.ToString() ?? "",
            CaseProgress = ProtoMapping.CaseProgressOf(r.CaseProgress),
        }));
        return response;
    }

    public override async Task<ListTourCasesResponse> ListTourCases(ListTourCasesRequest request, ServerCallContext context)
    {
        var (page, next) = await PageAsync(request.TourId, request.PageToken, request.PageSize, context, caseload.CasesAsync,
            c => (c.OpenedAt.UtcDateTime, c.CaseId));
        var response = new ListTourCasesResponse { NextPageToken = next };
        response.Cases.AddRange(page.Select(c => new TourCase
        {
            CaseId = c.CaseId.ToString(),
            OpenedAt = c.OpenedAt.ToTimestamp(),
            Progress = ProtoMapping.CaseProgressOf(c.Progress),
            Late = c.Late,
            Substantiated = c.Substantiated,
            ReportIds = { c.ReportIds.Select(id => id.ToString()) },
        }));
        return response;
    }

    public override async Task<FindingReferral> ReferFinding(ReferFindingRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var violations = new FieldViolations();
        var findingId = EdgeRules.Id(violations, "finding_id", request.FindingId);
        violations.ThrowIfAny();
        try
        {
            return ProtoMapping.Referral(await EdgeRules.Refusals(() => referrals.ReferAsync(findingId, caller.Subject, context.CancellationToken)));
        }
        catch (FindingNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["finding.not-found"]));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted)
        {
            // Intake did not answer (or a concurrent referral holds the key): nothing was recorded here, the caller retries.
            throw new RpcException(new Status(StatusCode.Unavailable, InspectionTexts.Words["referral.intake-unavailable"]));
        }
    }

    public override async Task<ListFindingReferralsResponse> ListFindingReferrals(ListFindingReferralsRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector, Roles.Auditor);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        violations.ThrowIfAny();
        var tour = await ReadableTourAsync(caller, tourId, context);
        var response = new ListFindingReferralsResponse();
        response.Referrals.AddRange((await caseload.ReferralsAsync(tour.Id, context.CancellationToken)).Select(ProtoMapping.Referral));
        return response;
    }

    /// <summary>One page of a tour's list the caller may read: the rows and the token of the next page (empty after the last).</summary>
    private async Task<(IEnumerable<T> Page, string NextPageToken)> PageAsync<T>(string tourIdText, string token, int pageSize, ServerCallContext context,
        Func<TourRecord, (DateTime At, Guid Id)?, int, CancellationToken, Task<IReadOnlyList<T>>> read, Func<T, (DateTime At, Guid Id)> position)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector, Roles.Auditor);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", tourIdText);
        var (after, size) = PageToken.Read(token, pageSize, DefaultPageSize, MaxPageSize, violations);
        violations.ThrowIfAny();
        var tour = await ReadableTourAsync(caller, tourId, context);
        var rows = await read(tour, after, size + 1, context.CancellationToken);
        if (rows.Count <= size)
        {
            return (rows, "");
        }
        var last = position(rows[size - 1]);
        return (rows.Take(size), PageToken.Encode(last.At, last.Id));
    }

    /// <summary>An auditor reads every tour in their jurisdiction; an inspector only a tour they act for.</summary>
    private async Task<TourRecord> ReadableTourAsync(StaffCaller caller, Guid tourId, ServerCallContext context)
    {
        var tour = await EdgeRules.Refusals(() => planning.TourAsync(tourId, context.CancellationToken));
        directory.RequireJurisdiction(caller, tour.Target.DivisionCode);
        if (!caller.IsInAnyRole([Roles.Auditor]) && !tour.HasActingMember(caller.Subject))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["team.not-member"]));
        }
        return tour;
    }
}
