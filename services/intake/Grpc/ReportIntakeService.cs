using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.Security;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.Contracts.Events.Intake;
using Supervision.Platform;
using Supervision.Reference;

namespace Supervision.Intake.Grpc;

/// <summary>The public face of intake: submit, and follow a report by its receipt code.</summary>
[AllowAnonymous]
public sealed class ReportIntakeService(
    SubmissionStore submissions,
    FollowUpStore followUp,
    ResultResponses responses,
    CityDirectory directory,
    IdentityProtector protector,
    CallerRateLimiter rateLimiter,
    IntakeMetrics metrics,
    TimeProvider time,
    IOptions<IntakeOptions> options,
    ILogger<ReportIntakeService> logger) : ReportIntake.ReportIntakeBase
{
    private static readonly string[] StaffChannelRoles = [Roles.IntakeClerk, Roles.Supervisor, Roles.Dispatcher];
    private readonly IntakeOptions _options = options.Value;

    public override async Task<SubmitReportResponse> SubmitReport(SubmitReportRequest request, ServerCallContext context)
    {
        var caller = context.StaffCallerOrNull();
        var staff = caller is not null && caller.IsInAnyRole(StaffChannelRoles);
        if (!staff && !await rateLimiter.TryAcquireAsync("submit", CallerRateLimiter.CallerOf(context),
                _options.RateLimits.SubmissionsPerMinute, TimeSpan.FromMinutes(1)))
        {
            metrics.Rejected("rate_limited");
            throw CallerRateLimiter.Exhausted("submissions");
        }

        if (request.Channel is not (Channel.Online or Channel.Unspecified) && Enum.IsDefined(request.Channel) && !staff)
        {
            metrics.Rejected("permission_denied");
            throw caller is null
                ? new RpcException(new Status(StatusCode.Unauthenticated, $"Channel {request.Channel} is entered by intake staff: a staff token is required."))
                : new RpcException(new Status(StatusCode.PermissionDenied, $"Channel {request.Channel} needs one of the roles {string.Join(", ", StaffChannelRoles)}."));
        }

        var now = time.GetUtcNow();
        var violations = SubmissionValidator.Validate(request, directory, _options.AccountMaxLength, now);
        if (violations.Any)
        {
            metrics.Rejected("invalid_argument");
            logger.LogInformation("Submission refused: invalid {Fields}", string.Join(",", violations.Fields));
            throw violations.ToException();
        }

        if (staff && !directory.Covers(caller!.DivisionCode, request.ReceivingDivisionCode))
        {
            metrics.Rejected("permission_denied");
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"Division {request.ReceivingDivisionCode} is outside your jurisdiction ({caller.DivisionCode})."));
        }

        byte[]? keyHash = null, requestHash = null;
        if (request.IdempotencyKey.Length > 0)
        {
            keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(request.IdempotencyKey));
            var unkeyed = request.Clone();
            unkeyed.IdempotencyKey = "";
            requestHash = SHA256.HashData(unkeyed.ToByteArray());
            var existing = await submissions.FindByIdempotencyKeyAsync(keyHash, context.CancellationToken);
            if (existing is not null)
            {
                return Replay(existing, requestHash);
            }
        }

        var reportId = Guid.CreateVersion7();
        var receiptCode = ReceiptCode.New();
        var reporter = request.Reporter;
        var report = new NewReport
        {
            Id = reportId,
            ReceiptHash = ReceiptCode.Hash(ReceiptCode.Normalize(receiptCode)!),
            Channel = (short)request.Channel,
            Category = (short)request.Category,
            RealName = !reporter.Anonymous,
            ElectionRelated = request.ElectionRelated || request.Category == Category.ElectionConduct,
            ReceivingDivisionCode = request.ReceivingDivisionCode,
            OccurredAt = request.OccurredAt?.ToDateTimeOffset(),
            OccurredPlace = request.OccurredPlace.Trim(),
            Account = request.Account,
            Subjects = ProtoMapping.SubjectsToJson(request.Subjects),
            PreferredFeedbackChannel = (short)(reporter.Anonymous ? FeedbackChannel.Online : reporter.PreferredFeedbackChannel),
            IdentitySealed = reporter.Anonymous
                ? null
                : protector.SealIdentity(new ReporterIdentityData(reporter.Name.Trim(), reporter.Phone, reporter.IdNumber.ToUpperInvariant(), reporter.Address.Trim()), reportId),
            SubmittedBy = caller?.Subject,
            ReceivedAt = now,
            IdempotencyKeyHash = keyHash,
            RequestHash = requestHash,
            ReceiptSealed = keyHash is null ? null : protector.SealReceipt(receiptCode, reportId),
        };

        var stored = await submissions.InsertAsync(report, directory.Ancestry(request.ReceivingDivisionCode), (trackingNumber, electionPeriod) => (new ReportReceived
        {
            ReportId = reportId,
            TrackingNumber = trackingNumber,
            Channel = request.Channel.ToContract(),
            Category = request.Category.ToContract(),
            ReceivingDivisionCode = request.ReceivingDivisionCode,
            RealName = report.RealName,
            ElectionRelated = report.ElectionRelated,
            ElectionPeriod = electionPeriod,
            Subjects = request.Subjects.Select(s => s.ToContract()).ToList(),
            OccurredAt = report.OccurredAt,
            ReceivedAt = now,
        }, PublicProgress.ReceivedStep(electionPeriod || report.ElectionRelated).Describe()), context.CancellationToken);

        if (stored is null)
        {
            // A concurrent retry with the same idempotency key committed first: answer as it did.
            var winner = await submissions.FindByIdempotencyKeyAsync(keyHash!, context.CancellationToken)
                         ?? throw new RpcException(new Status(StatusCode.Aborted, "Concurrent submission conflict; retry."));
            return Replay(winner, requestHash!);
        }

        metrics.Received(request.Channel.ToContract());
        logger.LogInformation("Report {ReportId} {TrackingNumber} received on {Channel} for {Division}",
            reportId, stored.Value.TrackingNumber, request.Channel, request.ReceivingDivisionCode);
        return new SubmitReportResponse
        {
            ReportId = reportId.ToString(),
            TrackingNumber = stored.Value.TrackingNumber,
            ReceiptCode = receiptCode,
            State = ReportState.Received,
            ElectionPeriod = stored.Value.ElectionPeriod,
            ReceivedAt = now.UtcDateTime.ToTimestamp(),
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
        status.Timeline.AddRange(progress.Timeline.Select(t => t.ToProto()));
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
            violations.Add("text", "required: the information to add");
        }
        else if (SubmissionValidator.TextLength(request.Text) > _options.AccountMaxLength)
        {
            violations.Add("text", $"at most {_options.AccountMaxLength} characters");
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
            throw FieldViolations.Single("comment", "at most 2000 characters");
        }
        var report = await FindByReceiptAsync(request.ReceiptCode, context);
        var state = await responses.RespondAsync(report, request.Accept, request.Comment.Trim(), time.GetUtcNow(), context.CancellationToken);
        logger.LogInformation("Report {ReportId}: the reporter {Answer} the result", report.Id, request.Accept ? "accepted" : "disputed");
        return new RespondToResultResponse { State = state };
    }

    private SubmitReportResponse Replay(ReportRecord existing, byte[] requestHash)
    {
        if (existing.RequestHash is null || !CryptographicOperations.FixedTimeEquals(existing.RequestHash, requestHash))
        {
            throw FieldViolations.Single("idempotency_key", "already used for a different report; use a new key for a new report");
        }
        return new SubmitReportResponse
        {
            ReportId = existing.Id.ToString(),
            TrackingNumber = existing.TrackingNumber,
            // After the replay window the code is forgotten: the reporter was shown it then.
            ReceiptCode = existing.ReceiptSealed is null ? "" : protector.OpenReceipt(existing.ReceiptSealed, existing.Id),
            State = (ReportState)existing.State,
            ElectionPeriod = existing.ElectionPeriod,
            ReceivedAt = existing.ReceivedAt.ToTimestamp(),
        };
    }

    /// <summary>
    /// Every caller gets the same NOT_FOUND for a wrong code, and a caller with too many wrong codes
    /// is refused outright for a while, so codes cannot be enumerated.
    /// </summary>
    private async Task<ReportRecord> FindByReceiptAsync(string receiptCode, ServerCallContext context)
    {
        var caller = CallerRateLimiter.CallerOf(context);
        var limits = _options.RateLimits;
        if (await rateLimiter.IsExhaustedAsync("receipt-failed", caller, limits.FailedReceiptsPerHour, TimeSpan.FromHours(1))
            || !await rateLimiter.TryAcquireAsync("receipt", caller, limits.ReceiptLookupsPerMinute, TimeSpan.FromMinutes(1)))
        {
            throw CallerRateLimiter.Exhausted("receipt lookups");
        }
        var normalized = ReceiptCode.Normalize(receiptCode);
        var report = normalized is null ? null : await followUp.FindByReceiptAsync(ReceiptCode.Hash(normalized), context.CancellationToken);
        if (report is null)
        {
            await rateLimiter.TryAcquireAsync("receipt-failed", caller, limits.FailedReceiptsPerHour, TimeSpan.FromHours(1));
            throw new RpcException(new Status(StatusCode.NotFound, "No report has this receipt code."));
        }
        return report;
    }
}
