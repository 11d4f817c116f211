using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Grpc;

/// <summary>
/// PUBLIC, no token: the outcome notices concluding units issued with public scope (whoever investigates,
/// announces). Nothing here names a reporter, a report or an accountability measure.
/// </summary>
[AllowAnonymous]
public sealed class PublicNoticesService(NpgsqlDataSource dataSource, CityDirectory directory) : PublicNotices.PublicNoticesBase
{
    public override async Task<ListOutcomeNoticesResponse> ListOutcomeNotices(ListOutcomeNoticesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (directory.FindDivision(request.DivisionCode) is null) violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        var (before, size) = PageToken.Read(request.PageToken, request.PageSize, defaultSize: 50, maxSize: 200, violations);
        violations.ThrowIfAny();
        var notices = await OutcomeStore.PublicNoticesAsync(dataSource, directory.Subtree(request.DivisionCode), before, size + 1,
            context.CancellationToken);
        var response = new ListOutcomeNoticesResponse();
        response.Notices.AddRange(notices.Take(size).Select(n => CaseHandlingService.NoticeOf(n, directory)));
        if (notices.Count > size)
        {
            var last = notices[size - 1];
            response.NextPageToken = PageToken.Encode(last.IssuedAt, last.CaseId);
        }
        return response;
    }
}
