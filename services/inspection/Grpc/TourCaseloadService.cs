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
public sealed class TourCaseloadService(TourPlanningSteps planning, TourCaseloadQueries caseload, CityDirectory directory) : TourCaseload.TourCaseloadBase
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
            CaseProgress = Progress(r.CaseProgress),
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
            Progress = Progress(c.Progress),
            Late = c.Late,
            Substantiated = c.Substantiated,
            ReportIds = { c.ReportIds.Select(id => id.ToString()) },
        }));
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

    internal static CaseProgress Progress(string progress) => progress switch
    {
        CaseProgressNames.Open => CaseProgress.Open,
        CaseProgressNames.Concluded => CaseProgress.Concluded,
        CaseProgressNames.Closed => CaseProgress.Closed,
        _ => CaseProgress.NotOpened,
    };

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
