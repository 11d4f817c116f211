using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Routing.Grpc;

/// <summary>Section Routing:PublicNotices: how often one caller address may list public notices.</summary>
public sealed class PublicNoticesOptions
{
    public const string Section = "Routing:PublicNotices";

    public int ListingsPerMinute { get; set; } = 60;
}

/// <summary>
/// PUBLIC, no token: the outcome notices concluding units issued with public scope (whoever investigates,
/// announces). Nothing here names a reporter, a report or an accountability measure. Well-formed calls count
/// against a per-address limit in Redis (the address believed from the trusted gateway only).
/// </summary>
[AllowAnonymous]
public sealed class PublicNoticesService(NpgsqlDataSource dataSource, CityDirectory directory, CallerRateLimiter rateLimiter,
    IOptions<PublicNoticesOptions> options) : PublicNotices.PublicNoticesBase
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public override async Task<ListOutcomeNoticesResponse> ListOutcomeNotices(ListOutcomeNoticesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (directory.FindDivision(request.DivisionCode) is null) violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        var (before, size) = PageToken.Read(request.PageToken, request.PageSize, defaultSize: 50, maxSize: 200, violations);
        violations.ThrowIfAny();
        if (!await rateLimiter.TryAcquireAsync("notices", CallerRateLimiter.CallerOf(context), options.Value.ListingsPerMinute, Window))
        {
            throw CallerRateLimiter.Exhausted(RoutingTexts.Words["rate.notice-listings"], rateLimiter.RetryAfter(Window));
        }
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
