using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Reference;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Security;
using static Supervision.Reporting.Grpc.RequestChecks;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// PUBLIC, no token: anyone asks the head to be heard and reads the state with the request's id and check code. The
/// contact is sealed on receipt and never answered here; well-formed calls count against per-address limits in Redis.
/// </summary>
[AllowAnonymous]
public sealed class PublicHearingsService(
    NpgsqlDataSource dataSource,
    RequestsToBeHeard hearings,
    HearingReading reading,
    CityDirectory directory,
    CallerRateLimiter rateLimiter,
    IOptions<HearingOptions> options,
    ILogger<PublicHearingsService> logger) : PublicHearings.PublicHearingsBase
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public override async Task<V1.HearingReceipt> RequestHearing(RequestHearingRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var plea = HearingChecks.Plea(RequestsToBeHeard.Online, request.DivisionCode, request.Topic, request.Contact, request.IdempotencyKey, null,
            directory, violations);
        violations.ThrowIfAny();
        if (!await rateLimiter.TryAcquireAsync("hearing-requests", CallerRateLimiter.CallerOf(context), options.Value.RequestsPerMinute, Minute))
        {
            throw CallerRateLimiter.Exhausted(ReportingTexts.Words["rate.hearing-requests"], rateLimiter.RetryAfter(Minute));
        }
        var hash = HearingChecks.RequestHash(request, r => { r.IdempotencyKey = ""; r.Contact = null; });
        var receipt = await dataSource.InTransactionAsync(t => hearings.ReceiveAsync(t, plea!, request.IdempotencyKey, hash, context.CancellationToken),
                          context.CancellationToken)
                      ?? throw KeyReused("reused.hearing-request");
        logger.LogInformation("Request to be heard {RequestId} received online in {Division}", receipt.RequestId, plea!.DivisionCode);
        return new V1.HearingReceipt { RequestId = receipt.RequestId.ToString(), CheckCode = receipt.CheckCode };
    }

    public override async Task<HearingRequestState> CheckHearingRequest(CheckHearingRequestRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var id = Id("request_id", request.RequestId, violations);
        var code = ReceiptCode.Normalize(request.CheckCode);
        if (code is null)
        {
            violations.Add("check_code", ReportingTexts.Words["field.check-code"]);
        }
        violations.ThrowIfAny();
        var caller = CallerRateLimiter.CallerOf(context);
        if (await rateLimiter.IsExhaustedAsync("hearing-checks-failed", caller, options.Value.FailedChecksPerHour, Hour))
        {
            throw CallerRateLimiter.Exhausted(ReportingTexts.Words["rate.hearing-checks"], rateLimiter.RetryAfter(Hour));
        }
        if (!await rateLimiter.TryAcquireAsync("hearing-checks", caller, options.Value.ChecksPerMinute, Minute))
        {
            throw CallerRateLimiter.Exhausted(ReportingTexts.Words["rate.hearing-checks"], rateLimiter.RetryAfter(Minute));
        }
        var row = await dataSource.InTransactionAsync(t => RequestsToBeHeard.CheckAsync(t, id, code!, context.CancellationToken), context.CancellationToken);
        if (row is null)
        {
            await rateLimiter.TryAcquireAsync("hearing-checks-failed", caller, options.Value.FailedChecksPerHour, Hour);
            throw new RpcException(new Status(StatusCode.NotFound, ReportingTexts.Words["hearing.not-found-by-code"]));
        }
        return reading.ForRequester(row);
    }
}
