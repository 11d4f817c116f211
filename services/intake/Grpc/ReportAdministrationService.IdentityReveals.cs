using Grpc.Core;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Intake.Grpc;

/// <summary>Revealing a reporter's identity: request, approval by another person, reveal; and their audit.</summary>
public sealed partial class ReportAdministrationService
{
    private const int MinRevealReasonLength = 10;
    private const int MaxRevealReasonLength = 500;

    public override async Task<ReporterIdentity> RevealReporterIdentity(RevealReporterIdentityRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var requester = ActorIn(caller, options.Value.IdentityRevealRoles, "Revealing a reporter's identity");
        if (request.RequestId.Length > 0 || options.Value.IdentityRevealRequiresApproval)
        {
            var violations = new FieldViolations();
            var requestId = RequestIdOf(request.RequestId, violations);
            if (request.ReportId.Length > 0) violations.Add("report_id", "must be empty: the reveal request names the report");
            if (request.Reason.Length > 0) violations.Add("reason", "must be empty: the reveal request holds the reason");
            violations.ThrowIfAny();
            await FindRequestInJurisdictionAsync(requestId, caller, context);
            var revealed = await reveals.RevealRequestedAsync(requestId, requester, time.GetUtcNow(), context.CancellationToken)
                           ?? throw RequestNotFound();
            logger.LogWarning("Reporter identity of report {ReportId} revealed to {Subject} as {Role} (request {RequestId}, audit {AuditId})",
                revealed.Request.ReportId, caller.Subject, requester.Role, requestId, revealed.AuditId);
            var report = await reports.FindAsync(revealed.Request.ReportId, context.CancellationToken);
            return ToProto(revealed.Identity, report!, revealed.AuditId);
        }

        var reason = ReasonOf(request.Reason, "reason");
        var reported = await FindInJurisdictionAsync(request.ReportId, caller, context);
        var (identity, auditId) = await reveals.RevealAsync(reported, requester, reason, time.GetUtcNow(), context.CancellationToken);
        logger.LogWarning("Reporter identity of report {ReportId} revealed to {Subject} as {Role} (audit {AuditId})",
            reported.Id, caller.Subject, requester.Role, auditId);
        return ToProto(identity, reported, auditId);
    }

    public override async Task<IdentityRevealRequest> RequestIdentityReveal(RequestIdentityRevealRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var requester = ActorIn(caller, options.Value.IdentityRevealRoles, "Asking to reveal a reporter's identity");
        var violations = new FieldViolations();
        if (!Guid.TryParse(request.ReportId, out _)) violations.Add("report_id", "must be a report id (UUID)");
        ReasonRule(request.Reason, "reason", violations);
        violations.ThrowIfAny();
        var report = await FindInJurisdictionAsync(request.ReportId, caller, context);
        var created = await reveals.RequestAsync(report, requester, request.Reason.Trim(), time.GetUtcNow(), context.CancellationToken);
        logger.LogInformation("Identity reveal {RequestId} of report {ReportId} requested by {Subject} as {Role}",
            created.Id, report.Id, caller.Subject, requester.Role);
        return ToProto(created);
    }

    public override async Task<IdentityRevealRequest> ApproveIdentityReveal(ApproveIdentityRevealRequest request, ServerCallContext context)
    {
        var (approver, requestId) = await DecisionOfAsync(context, request.RequestId, "Approving an identity reveal");
        var approved = await reveals.ApproveAsync(requestId, approver, time.GetUtcNow(), context.CancellationToken) ?? throw RequestNotFound();
        logger.LogInformation("Identity reveal {RequestId} approved by {Subject} as {Role}", requestId, approver.Subject, approver.Role);
        return ToProto(approved);
    }

    public override async Task<IdentityRevealRequest> DenyIdentityReveal(DenyIdentityRevealRequest request, ServerCallContext context)
    {
        var (approver, requestId) = await DecisionOfAsync(context, request.RequestId, "Denying an identity reveal", violations =>
        {
            if (string.IsNullOrWhiteSpace(request.Reason)) violations.Add("reason", "required: why the request is denied (kept in the audit log)");
            else if (request.Reason.Length > MaxRevealReasonLength) violations.Add("reason", $"at most {MaxRevealReasonLength} characters");
        });
        var denied = await reveals.DenyAsync(requestId, approver, request.Reason.Trim(), time.GetUtcNow(), context.CancellationToken)
                     ?? throw RequestNotFound();
        logger.LogInformation("Identity reveal {RequestId} denied by {Subject} as {Role}", requestId, approver.Subject, approver.Role);
        return ToProto(denied);
    }

    public override async Task<ListIdentityRevealRequestsResponse> ListIdentityRevealRequests(ListIdentityRevealRequestsRequest request,
        ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        string[] readers = [.. options.Value.IdentityRevealRoles, .. options.Value.IdentityRevealApproverRoles, Roles.Auditor];
        ActorIn(caller, readers, "Reading identity reveal requests");
        var violations = new FieldViolations();
        var (after, pageSize) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        if (!Enum.IsDefined(request.State)) violations.Add("state", $"unknown state {(int)request.State}");
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, caller.DivisionCode);

        var now = time.GetUtcNow();
        var page = await revealStore.ListRequestsAsync(directory.Subtree(caller.DivisionCode), reveals.Filter(request.State, now), after,
            pageSize + 1, context.CancellationToken);
        var response = new ListIdentityRevealRequestsResponse();
        response.Requests.AddRange(page.Take(pageSize).Select(ToProto));
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(page[pageSize - 1].RequestedAt, page[pageSize - 1].Id);
        }
        return response;
    }

    public override async Task<ListIdentityRevealsResponse> ListIdentityReveals(ListIdentityRevealsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        if (!caller.IsInAnyRole([Roles.Auditor, Roles.OversightOfficer]))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The identity reveal log is for auditors and oversight officers."));
        }
        var violations = new FieldViolations();
        var (after, pageSize) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        Guid? reportId = null;
        if (request.ReportId.Length > 0)
        {
            if (Guid.TryParse(request.ReportId, out var id)) reportId = id;
            else violations.Add("report_id", "must be a report id (UUID)");
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, caller.DivisionCode);

        var audits = await revealStore.ListAuditAsync(directory.Subtree(caller.DivisionCode), reportId, after, pageSize + 1, context.CancellationToken);
        var response = new ListIdentityRevealsResponse();
        response.Reveals.AddRange(audits.Take(pageSize).Select(r => new IdentityReveal
        {
            AuditId = r.Id.ToString(),
            ReportId = r.ReportId.ToString(),
            RevealedBy = r.RevealedBy,
            Role = r.Role,
            CallerDivisionCode = r.CallerDivisionCode,
            Reason = r.Reason,
            At = r.At.ToTimestamp(),
            Action = r.Action,
            RequestId = r.RequestId?.ToString() ?? "",
        }));
        if (audits.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(audits[pageSize - 1].At, audits[pageSize - 1].Id);
        }
        return response;
    }

    /// <summary>The caller acting in the first of <paramref name="roles"/> they hold; PERMISSION_DENIED without one.</summary>
    private static Actor ActorIn(StaffCaller caller, IReadOnlyList<string> roles, string what)
    {
        var role = roles.FirstOrDefault(caller.IsInRole)
                   ?? throw new RpcException(new Status(StatusCode.PermissionDenied, $"{what} needs one of the roles {string.Join(", ", roles.Distinct())}."));
        return new Actor(caller.Subject, role, caller.DivisionCode);
    }

    /// <summary>An approver's decision, checked in order: role, input, the request's jurisdiction.</summary>
    private async Task<(Actor Approver, Guid RequestId)> DecisionOfAsync(ServerCallContext context, string requestIdText, string what,
        Action<FieldViolations>? moreRules = null)
    {
        var caller = context.RequireStaffCaller();
        var approver = ActorIn(caller, options.Value.IdentityRevealApproverRoles, what);
        var violations = new FieldViolations();
        var requestId = RequestIdOf(requestIdText, violations);
        moreRules?.Invoke(violations);
        violations.ThrowIfAny();
        await FindRequestInJurisdictionAsync(requestId, caller, context);
        return (approver, requestId);
    }

    private static Guid RequestIdOf(string value, FieldViolations violations)
    {
        if (Guid.TryParse(value, out var id))
        {
            return id;
        }
        violations.Add("request_id", "must be a reveal request id (UUID)");
        return Guid.Empty;
    }

    private static void ReasonRule(string reason, string field, FieldViolations violations)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < MinRevealReasonLength)
        {
            violations.Add(field, $"required: at least {MinRevealReasonLength} characters saying why the identity is needed (kept in the audit log)");
        }
        else if (reason.Length > MaxRevealReasonLength)
        {
            violations.Add(field, $"at most {MaxRevealReasonLength} characters");
        }
    }

    private static string ReasonOf(string reason, string field)
    {
        var violations = new FieldViolations();
        ReasonRule(reason, field, violations);
        violations.ThrowIfAny();
        return reason.Trim();
    }

    private async Task FindRequestInJurisdictionAsync(Guid requestId, StaffCaller caller, ServerCallContext context)
    {
        var found = await revealStore.FindRequestAsync(requestId, context.CancellationToken) ?? throw RequestNotFound();
        directory.RequireJurisdiction(caller, found.ReceivingDivisionCode);
    }

    private static RpcException RequestNotFound() => new(new Status(StatusCode.NotFound, "No reveal request has this id."));

    private static ReporterIdentity ToProto(ReporterIdentityData identity, ReportRecord report, Guid auditId) => new()
    {
        Name = identity.Name,
        Phone = identity.Phone,
        IdNumber = identity.IdNumber,
        Address = identity.Address,
        PreferredFeedbackChannel = (FeedbackChannel)report.PreferredFeedbackChannel,
        AuditId = auditId.ToString(),
    };

    private IdentityRevealRequest ToProto(RevealRequestRecord request) => new()
    {
        RequestId = request.Id.ToString(),
        ReportId = request.ReportId.ToString(),
        State = reveals.StateOf(request, time.GetUtcNow()),
        RequestedBy = request.RequestedBy,
        RequesterRole = request.RequesterRole,
        Reason = request.Reason,
        RequestedAt = request.RequestedAt.ToTimestamp(),
        DecidedBy = request.DecidedBy ?? "",
        DecisionReason = request.DecisionReason,
        DecidedAt = request.DecidedAt?.ToTimestamp(),
        ExpiresAt = reveals.ExpiresAt(request) is { } expires ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(expires) : null,
        RevealedAt = request.RevealedAt?.ToTimestamp(),
    };
}
