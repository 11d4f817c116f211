using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
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
using Supervision.ServiceDefaults.Security;
using Supervision.Platform;
using Supervision.Reference;

namespace Supervision.Intake.Grpc;

/// <summary>The public face of intake: submit, and follow a report by its receipt code.</summary>
[AllowAnonymous]
public sealed class ReportIntakeService(
    ReportSubmissions submissions,
    FollowUpStore followUp,
    ResultResponses responses,
    CityDirectory directory,
    CallerRateLimiter rateLimiter,
    SubmissionAdmission admission,
    IntakeMetrics metrics,
    TimeProvider time,
    IOptions<IntakeOptions> options,
    ILogger<ReportIntakeService> logger) : ReportIntake.ReportIntakeBase
{
    private static readonly string[] StaffChannelRoles = [Roles.IntakeClerk, Roles.OversightOfficer, Roles.Dispatcher];
    private readonly IntakeOptions _options = options.Value;

    public override async Task<SubmitReportResponse> SubmitReport(SubmitReportRequest request, ServerCallContext context)
    {
        // Who the caller is, then what they may do, then what they sent; the public rate limit counts last,
        // so a refusal names the real problem and only well-formed public submissions use up the limit.
        var caller = context.StaffCallerOrNull();
        var staff = caller is not null && caller.IsInAnyRole(StaffChannelRoles);
        if (request.Channel is not (Channel.Online or Channel.Unspecified) && Enum.IsDefined(request.Channel) && !staff)
        {
            metrics.Rejected("permission_denied");
            throw caller is null
                ? new RpcException(new Status(StatusCode.Unauthenticated, IntakeTexts.Words["submit.channel-needs-token", IntakeTexts.Words["channel." + request.Channel]]))
                : new RpcException(new Status(StatusCode.PermissionDenied,
                    IntakeTexts.Words["submit.channel-needs-role", IntakeTexts.Words["channel." + request.Channel], string.Join(", ", StaffChannelRoles)]));
        }
        // An unknown division is bad input, reported with the other violations below.
        if (staff && directory.FindDivision(request.ReceivingDivisionCode) is not null
                  && !directory.Covers(caller!.DivisionCode, request.ReceivingDivisionCode))
        {
            metrics.Rejected("permission_denied");
            throw new RpcException(new Status(StatusCode.PermissionDenied, Jurisdiction.OutsideJurisdiction(caller, request.ReceivingDivisionCode)));
        }

        var now = time.GetUtcNow();
        var violations = SubmissionValidator.Validate(request, directory, _options.AccountMaxLength, now);
        if (violations.Any)
        {
            metrics.Rejected("invalid_argument");
            logger.LogInformation("Submission refused: invalid {Fields}", string.Join(",", violations.Fields));
            throw violations.ToException();
        }

        // Past this instance's capacity the submission is refused now, before any work: nothing is stored, so a retry with
        // the same idempotency key later gets through. Reads never wait here.
        using var turn = await admission.EnterAsync(context.CancellationToken);
        if (turn is null)
        {
            metrics.Rejected("overloaded");
            var retryAfter = admission.RetryAfter;
            throw CallerRateLimiter.Exhausted(IntakeTexts.Words["submit.overloaded", Math.Ceiling(retryAfter.TotalSeconds)], retryAfter);
        }

        if (!staff && !await rateLimiter.TryAcquireAsync("submit", CallerRateLimiter.CallerOf(context),
                _options.RateLimits.SubmissionsPerMinute, TimeSpan.FromMinutes(1)))
        {
            metrics.Rejected("rate_limited");
            throw CallerRateLimiter.Exhausted(IntakeTexts.Words["rate.submissions"], rateLimiter.RetryAfter(TimeSpan.FromMinutes(1)));
        }

        SubmissionKey? key = null;
        if (request.IdempotencyKey.Length > 0)
        {
            // The same request is the same bytes on the wire, less the key.
            var unkeyed = request.Clone();
            unkeyed.IdempotencyKey = "";
            key = new SubmissionKey(SHA256.HashData(Encoding.UTF8.GetBytes(request.IdempotencyKey)), SHA256.HashData(unkeyed.ToByteArray()));
        }
        var reporter = request.Reporter;
        var (submitted, refused) = await submissions.SubmitAsync(new Submission
        {
            Channel = request.Channel.ToContract(),
            Category = request.Category.ToContract(),
            Reporter = reporter.Anonymous
                ? null
                : new ReporterIdentityData(reporter.Name.Trim(), reporter.Phone, reporter.IdNumber.ToUpperInvariant(), reporter.Address.Trim()),
            PreferredFeedbackChannel = reporter.PreferredFeedbackChannel,
            ElectionRelated = request.ElectionRelated,
            Subjects = request.Subjects.Select(s => s.ToContract()).ToList(),
            OccurredAt = request.OccurredAt?.ToDateTimeOffset(),
            OccurredPlace = request.OccurredPlace.Trim(),
            Account = request.Account,
            ReceivingDivisionCode = request.ReceivingDivisionCode,
            SubmittedBy = caller?.Subject,
            Key = key,
            TourId = request.TourId.Length > 0 ? Guid.Parse(request.TourId) : null,
        }, now, context.CancellationToken);

        switch (refused)
        {
            case SubmissionRefusal.KeyUsedForAnotherReport:
                throw FieldViolations.Single("idempotency_key", IntakeTexts.Words["field.idempotency-key.reused"]);
            case SubmissionRefusal.Conflict:
                throw new RpcException(new Status(StatusCode.Aborted, IntakeTexts.Words["submit.conflict"]));
        }
        if (!submitted!.Replayed)
        {
            metrics.Received(request.Channel.ToContract());
            logger.LogInformation("Report {ReportId} {TrackingNumber} received on {Channel} for {Division}",
                submitted.ReportId, submitted.TrackingNumber, request.Channel, request.ReceivingDivisionCode);
        }
        return new SubmitReportResponse
        {
            ReportId = submitted.ReportId.ToString(),
            TrackingNumber = submitted.TrackingNumber,
            ReceiptCode = submitted.ReceiptCode,
            State = submitted.State,
            ElectionPeriod = submitted.ElectionPeriod,
            ReceivedAt = submitted.ReceivedAt.UtcDateTime.ToTimestamp(),
        };
    }

    public override async Task<ReportStatus> GetReportStatus(GetReportStatusRequest request, ServerCallContext context)
    {
        var report = await FindByReceiptAsync(request.ReceiptCode, context);
        var progress = await followUp.GetProgressAsync(report.Id, context.CancellationToken);
        var status = new ReportStatus
        {
            TrackingNumber = report.TrackingNumber,
            State = (ReportState)progress.State,
            Channel = (Channel)report.Channel,
            Category = (Category)report.Category,
            ReceivedAt = report.ReceivedAt.ToTimestamp(),
            UnreadMessages = progress.UnreadMessages,
        };
        status.Timeline.AddRange(progress.Timeline.Select(t => t.ToProto(directory)));
        return status;
    }

    public override async Task<ListReporterMessagesResponse> ListReporterMessages(ListReporterMessagesRequest request, ServerCallContext context)
    {
        var report = await FindByReceiptAsync(request.ReceiptCode, context);
        var response = new ListReporterMessagesResponse();
        response.Messages.AddRange((await followUp.ReadMessagesAsync(report.Id, context.CancellationToken)).Select(m => m.ToProto()));
        return response;
    }

    public override async Task<AddSupplementResponse> AddSupplement(AddSupplementRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            violations.Add("text", IntakeTexts.Words["field.supplement.required"]);
        }
        else if (SubmissionValidator.TextLength(request.Text) > _options.AccountMaxLength)
        {
            violations.Add("text", PlatformTexts.Words["field.max-length", _options.AccountMaxLength]);
        }
        violations.ThrowIfAny();

        var report = await FindByReceiptAsync(request.ReceiptCode, context);
        var message = await followUp.AddSupplementAsync(report.Id, request.Text, time.GetUtcNow(), PublicProgress.Supplemented.Describe(),
            context.CancellationToken);
        logger.LogInformation("Report {ReportId} supplemented by its reporter", report.Id);
        return new AddSupplementResponse { MessageId = message.Id.ToString(), At = message.At.ToTimestamp() };
    }

    public override async Task<RespondToResultResponse> RespondToResult(RespondToResultRequest request, ServerCallContext context)
    {
        if (SubmissionValidator.TextLength(request.Comment) > 2000)
        {
            throw FieldViolations.Single("comment", PlatformTexts.Words["field.max-length", 2000]);
        }
        var report = await FindByReceiptAsync(request.ReceiptCode, context);
        var state = await responses.RespondAsync(report, request.Accept, request.Comment.Trim(), time.GetUtcNow(), context.CancellationToken);
        logger.LogInformation("Report {ReportId}: the reporter {Answer} the result", report.Id, request.Accept ? "accepted" : "disputed");
        return new RespondToResultResponse { State = state };
    }

    /// <summary>
    /// Every caller gets the same NOT_FOUND for a wrong code, and a caller with too many wrong codes
    /// is refused outright for a while, so codes cannot be enumerated.
    /// </summary>
    private async Task<ReportRecord> FindByReceiptAsync(string receiptCode, ServerCallContext context)
    {
        var caller = CallerRateLimiter.CallerOf(context);
        var limits = _options.RateLimits;
        if (await rateLimiter.IsExhaustedAsync("receipt-failed", caller, limits.FailedReceiptsPerHour, TimeSpan.FromHours(1)))
        {
            throw CallerRateLimiter.Exhausted(IntakeTexts.Words["rate.receipt-lookups"], rateLimiter.RetryAfter(TimeSpan.FromHours(1)));
        }
        if (!await rateLimiter.TryAcquireAsync("receipt", caller, limits.ReceiptLookupsPerMinute, TimeSpan.FromMinutes(1)))
        {
            throw CallerRateLimiter.Exhausted(IntakeTexts.Words["rate.receipt-lookups"], rateLimiter.RetryAfter(TimeSpan.FromMinutes(1)));
        }
        var normalized = ReceiptCode.Normalize(receiptCode);
        var report = normalized is null ? null : await followUp.FindByReceiptAsync(ReceiptCode.Hash(normalized), context.CancellationToken);
        if (report is null)
        {
            await rateLimiter.TryAcquireAsync("receipt-failed", caller, limits.FailedReceiptsPerHour, TimeSpan.FromHours(1));
            throw new RpcException(new Status(StatusCode.NotFound, IntakeTexts.Words["receipt.not-found"]));
        }
        return report;
    }
}
