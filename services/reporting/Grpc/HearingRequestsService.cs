using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using static Supervision.Reporting.Grpc.RequestChecks;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// Requests to be heard, for staff: clerks and oversight officers enter letters and visits; oversight officers schedule or
/// decline, and open a requester's contact with a reason (audited); auditors read. Each request lies in its division.
/// </summary>
[Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor + "," + Roles.IntakeClerk)]
public sealed class HearingRequestsService(
    NpgsqlDataSource dataSource,
    RequestsToBeHeard hearings,
    HearingReading reading,
    CityDirectory directory,
    ILogger<HearingRequestsService> logger) : V1.HearingRequests.HearingRequestsBase
{
    [Authorize(Roles = Roles.IntakeClerk + "," + Roles.OversightOfficer)]
    public override async Task<V1.HearingReceipt> EnterHearingRequest(EnterHearingRequestRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var channel = OneOf("channel", request.Channel, violations,
            (HearingChannel.Letter, RequestsToBeHeard.Letter), (HearingChannel.Visit, RequestsToBeHeard.Visit));
        var plea = HearingChecks.Plea(channel ?? "", request.DivisionCode, request.Topic, request.Contact, request.IdempotencyKey, caller.Subject,
            directory, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, plea!.DivisionCode);
        var hash = HearingChecks.RequestHash(request, r => { r.IdempotencyKey = ""; r.Contact = null; });
        var receipt = await dataSource.InTransactionAsync(t => hearings.ReceiveAsync(t, plea, request.IdempotencyKey, hash, context.CancellationToken),
                          context.CancellationToken)
                      ?? throw KeyReused("reused.hearing-request");
        logger.LogInformation("Request to be heard {RequestId} entered ({Channel}) in {Division} by {Caller}", receipt.RequestId, channel,
            plea.DivisionCode, caller.Subject);
        return new V1.HearingReceipt { RequestId = receipt.RequestId.ToString(), CheckCode = receipt.CheckCode };
    }

    [Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor)]
    public override async Task<ListHearingRequestsResponse> ListHearingRequests(ListHearingRequestsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var division = request.DivisionCode.Length == 0 ? caller.DivisionCode : request.DivisionCode;
        if (directory.FindDivision(division) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        var status = request.Status == HearingRequestStatus.Unspecified
            ? null
            : OneOf("status", request.Status, violations, (HearingRequestStatus.Received, RequestsToBeHeard.Received),
                (HearingRequestStatus.Scheduled, RequestsToBeHeard.Scheduled), (HearingRequestStatus.Declined, RequestsToBeHeard.Declined));
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, 20, 100, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, division);
        var rows = await dataSource.InTransactionAsync(t => HearingRequestStore.ListAsync(t, directory.Subtree(division), status, after, size + 1,
            context.CancellationToken), context.CancellationToken);
        var answer = new ListHearingRequestsResponse();
        answer.Requests.AddRange(rows.Take(size).Select(r => reading.ForStaff(r, [])));
        if (rows.Count > size)
        {
            answer.NextPageToken = PageToken.Encode(DateTime.SpecifyKind(rows[size - 1].ReceivedAt, DateTimeKind.Utc), rows[size - 1].RequestId);
        }
        return answer;
    }

    [Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor)]
    public override async Task<HearingRequest> GetHearingRequest(GetHearingRequestRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var id = RequestId(request.RequestId);
        return await dataSource.InTransactionAsync(async t =>
        {
            var row = await FindAsync(t, id, caller, context);
            return reading.ForStaff(row, await HearingRequestStore.RevealsAsync(t, id, context.CancellationToken));
        }, context.CancellationToken);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<HearingRequest> ScheduleHearing(ScheduleHearingRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("request_id", request.RequestId, violations);
        if (request.ScheduledAt is null)
        {
            violations.Add("scheduled_at", PlatformTexts.Words["field.required"]);
        }
        else if (request.ScheduledAt.ToDateTimeOffset() is var at && (at <= hearings.Now || at > hearings.Now + TwoWayInterviews.LongestLead))
        {
            violations.Add("scheduled_at", ReportingTexts.Words["field.interview.scheduled-at", TwoWayInterviews.LongestLead.Days]);
        }
        violations.ThrowIfAny();
        var row = await dataSource.InTransactionAsync(async t =>
        {
            await FindAsync(t, id, caller, context);
            return await hearings.ScheduleAsync(t, id, request.ScheduledAt!.ToDateTimeOffset(), caller.Subject, context.CancellationToken);
        }, context.CancellationToken);
        logger.LogInformation("Request to be heard {RequestId} scheduled as interview {InterviewId} by {Caller}", id, row!.InterviewId, caller.Subject);
        return reading.ForStaff(row, []);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<HearingRequest> DeclineHearingRequest(DeclineHearingRequestRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("request_id", request.RequestId, violations);
        Text("reason", request.Reason, HearingChecks.ReasonLength, required: true, violations);
        violations.ThrowIfAny();
        var row = await dataSource.InTransactionAsync(async t =>
        {
            await FindAsync(t, id, caller, context);
            return await hearings.DeclineAsync(t, id, request.Reason.Trim(), caller.Subject, context.CancellationToken);
        }, context.CancellationToken);
        logger.LogInformation("Request to be heard {RequestId} declined by {Caller}", id, caller.Subject);
        return reading.ForStaff(row!, []);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<HearingRequester> RevealHearingRequester(RevealHearingRequesterRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("request_id", request.RequestId, violations);
        Text("reason", request.Reason, HearingChecks.RevealReasonLength, required: true, violations);
        violations.ThrowIfAny();
        var contact = await dataSource.InTransactionAsync(async t => await hearings.RevealAsync(t, await FindAsync(t, id, caller, context), caller.Subject,
            request.Reason.Trim(), context.CancellationToken), context.CancellationToken);
        // Who opened which request, never what it holds.
        logger.LogInformation("Requester of {RequestId} revealed to {Caller}", id, caller.Subject);
        return new HearingRequester
        {
            RequestId = id.ToString(),
            Contact = new V1.HearingContact { Name = contact.Name, Phone = contact.Phone, IdNumber = contact.IdNumber ?? "" },
        };
    }

    /// <summary>The request, in the caller's jurisdiction; NOT_FOUND when there is none.</summary>
    private async Task<HearingRequestRow> FindAsync(NpgsqlTransaction transaction, Guid id, StaffCaller caller, ServerCallContext context)
    {
        var row = await HearingRequestStore.FindAsync(transaction, id, forUpdate: false, context.CancellationToken)
                  ?? throw new RpcException(new Status(StatusCode.NotFound, ReportingTexts.Words["hearing.not-found", id]));
        directory.RequireJurisdiction(caller, row.DivisionCode);
        return row;
    }

    private static Guid RequestId(string value)
    {
        var violations = new FieldViolations();
        var id = Id("request_id", value, violations);
        violations.ThrowIfAny();
        return id;
    }
}
