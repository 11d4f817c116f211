using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Supervision.Reference;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// PUBLIC, no token: the credibility results with their trends and targets, and the survey's dimensions. No notes, no
/// corrections' details, no staff names; a corrected result shows its revision and when. Listings count against the per-address
/// limit of the openness listings.
/// </summary>
[AllowAnonymous]
public sealed class PublicCredibilityService(
    CredibilityReading reading,
    CredibilityDimensions dimensions,
    CityDirectory directory,
    CallerRateLimiter rateLimiter,
    IOptions<OpennessOptions> options) : PublicCredibility.PublicCredibilityBase
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public override async Task<ListCredibilityResultsResponse> ListCredibilityResults(ListCredibilityResultsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var listing = reading.Check(request, directory.CityCode, violations);
        violations.ThrowIfAny();
        if (!await rateLimiter.TryAcquireAsync("openness", CallerRateLimiter.CallerOf(context), options.Value.PublicListingsPerMinute, Window))
        {
            throw CallerRateLimiter.Exhausted(ReportingTexts.Words["rate.listings"], rateLimiter.RetryAfter(Window));
        }
        return await reading.ListAsync(listing, staff: false, context.CancellationToken);
    }

    public override Task<ListCredibilityDimensionsResponse> ListCredibilityDimensions(ListCredibilityDimensionsRequest request, ServerCallContext context)
    {
        var response = new ListCredibilityDimensionsResponse();
        response.Dimensions.AddRange(dimensions.All.Select(reading.Read));
        return Task.FromResult(response);
    }
}
