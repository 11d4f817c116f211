using Microsoft.Extensions.Options;
using System.Globalization;
using Supervision.Intake.Data;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.Reference;

namespace Supervision.Intake.Domain;

/// <summary>
/// A real-name reporter's identity shown to staff: never without its audit row, never for an anonymous report and,
/// by default, only after a second person approved the request (the four-eyes rule). Every step is audited.
/// </summary>
public sealed class IdentityReveals(IdentityRevealStore store, IdentityProtector protector, IntakeMetrics metrics, IOptions<IntakeOptions> options)
{
    private static DomainRuleException AnonymousHasNoIdentity => IntakeTexts.Words.Refusal("refusal.identity.anonymous");
    private static DomainRuleException ApprovalRequired => IntakeTexts.Words.Refusal("refusal.identity.approval-required");

    private readonly IntakeOptions _options = options.Value;

    /// <summary>The one-step reveal, for deployments that turned approval off.</summary>
    public async Task<(ReporterIdentityData Identity, Guid AuditId)> RevealAsync(ReportRecord report, Actor actor, string reason,
        DateTimeOffset at, CancellationToken ct)
    {
        if (_options.IdentityRevealRequiresApproval)
        {
            throw ApprovalRequired;
        }
        if (!report.RealName)
        {
            throw AnonymousHasNoIdentity;
        }
        var audit = await store.RecordRevealAsync(report.Id, actor.Audit("revealed", reason, at), ct);
        if (audit is not { Sealed: { } sealedIdentity } recorded)
        {
            throw AnonymousHasNoIdentity;
        }
        metrics.Revealed();
        return (protector.OpenIdentity(sealedIdentity, report.Id), recorded.AuditId);
    }

    public async Task<RevealRequestRecord> RequestAsync(ReportRecord report, Actor requester, string reason, DateTimeOffset at, CancellationToken ct)
    {
        if (!report.RealName)
        {
            throw AnonymousHasNoIdentity;
        }
        var request = new RevealRequestRecord
        {
            Id = Guid.CreateVersion7(),
            ReportId = report.Id,
            State = (short)IdentityRevealState.Pending,
            RequestedBy = requester.Subject,
            RequesterRole = requester.Role,
            RequesterDivisionCode = requester.DivisionCode,
            Reason = reason,
            RequestedAt = at.UtcDateTime,
            ReceivingDivisionCode = report.ReceivingDivisionCode,
        };
        await store.CreateRequestAsync(request, requester.Audit("requested", reason, at), ct);
        return request;
    }

    public Task<RevealRequestRecord?> ApproveAsync(Guid requestId, Actor approver, DateTimeOffset at, CancellationToken ct) =>
        DecideAsync(requestId, approver, IdentityRevealState.Approved, "", at, ct);

    public Task<RevealRequestRecord?> DenyAsync(Guid requestId, Actor approver, string reason, DateTimeOffset at, CancellationToken ct) =>
        DecideAsync(requestId, approver, IdentityRevealState.Denied, reason, at, ct);

    /// <summary>Opens the identity for the requester of an approved request; null when there is no such request.</summary>
    public async Task<(ReporterIdentityData Identity, Guid AuditId, RevealRequestRecord Request)?> RevealRequestedAsync(Guid requestId,
        Actor requester, DateTimeOffset at, CancellationToken ct)
    {
        var result = await store.StepAsync(requestId, request => Reveal(request, requester.Subject, at, _options.IdentityRevealApprovalWindow),
            request => requester.Audit("revealed", request.Reason, at), withIdentity: true, ct);
        if (result is not { } revealed)
        {
            return null;
        }
        if (revealed.Sealed is null)
        {
            throw AnonymousHasNoIdentity;
        }
        metrics.Revealed();
        return (protector.OpenIdentity(revealed.Sealed, revealed.Request.ReportId), revealed.AuditId, revealed.Request);
    }

    /// <summary>Where a request stands at <paramref name="now"/>: an approval not used within the window has expired.</summary>
    public IdentityRevealState StateOf(RevealRequestRecord request, DateTimeOffset now) => StateAt(request, now, _options.IdentityRevealApprovalWindow);

    public DateTimeOffset? ExpiresAt(RevealRequestRecord request) =>
        (IdentityRevealState)request.State == IdentityRevealState.Approved && request.DecidedAt is { } decided
            ? new DateTimeOffset(decided, TimeSpan.Zero) + _options.IdentityRevealApprovalWindow
            : null;

    /// <summary>The stored state and decision times a list filtered by <paramref name="state"/> asks for.</summary>
    public RevealRequestFilter Filter(IdentityRevealState state, DateTimeOffset now) => state switch
    {
        IdentityRevealState.Unspecified => new RevealRequestFilter(null, null, null),
        IdentityRevealState.Approved => new RevealRequestFilter((short)state, (now - _options.IdentityRevealApprovalWindow).UtcDateTime, null),
        IdentityRevealState.Expired => new RevealRequestFilter((short)IdentityRevealState.Approved, null,
            (now - _options.IdentityRevealApprovalWindow).UtcDateTime),
        _ => new RevealRequestFilter((short)state, null, null),
    };

    private async Task<RevealRequestRecord?> DecideAsync(Guid requestId, Actor approver, IdentityRevealState decision, string reason,
        DateTimeOffset at, CancellationToken ct)
    {
        var action = decision == IdentityRevealState.Approved ? "approved" : "denied";
        var result = await store.StepAsync(requestId, request => Decide(request, approver.Subject, decision, reason, at),
            _ => approver.Audit(action, reason, at), withIdentity: false, ct);
        return result?.Request;
    }

    /// <summary>A pending request is decided once, by another person than its requester.</summary>
    public static RevealRequestRecord Decide(RevealRequestRecord request, string decidedBy, IdentityRevealState decision, string reason,
        DateTimeOffset at)
    {
        if (string.Equals(request.RequestedBy, decidedBy, StringComparison.Ordinal))
        {
            throw IntakeTexts.Words.Refusal("refusal.reveal.own-request");
        }
        if ((IdentityRevealState)request.State != IdentityRevealState.Pending)
        {
            throw IntakeTexts.Words.Refusal("refusal.reveal.not-pending", RevealState((IdentityRevealState)request.State));
        }
        return request with { State = (short)decision, DecidedBy = decidedBy, DecisionReason = reason, DecidedAt = at.UtcDateTime };
    }

    /// <summary>An approved request lets its requester, and no one else, reveal the identity once, within the window.</summary>
    public static RevealRequestRecord Reveal(RevealRequestRecord request, string subject, DateTimeOffset at, TimeSpan window)
    {
        if (!string.Equals(request.RequestedBy, subject, StringComparison.Ordinal))
        {
            throw IntakeTexts.Words.Refusal("refusal.reveal.requester-only");
        }
        var state = StateAt(request, at, window);
        if (state != IdentityRevealState.Approved)
        {
            throw IntakeTexts.Words.Refusal("refusal.reveal.not-approved", RevealState(state), window.TotalHours.ToString("0.#", CultureInfo.InvariantCulture));
        }
        return request with { State = (short)IdentityRevealState.Revealed, RevealedAt = at.UtcDateTime };
    }

    /// <summary>A request's state as people read it.</summary>
    private static Func<CultureInfo, string> RevealState(IdentityRevealState state) => IntakeTexts.Words.Word("reveal-state." + state);

    public static IdentityRevealState StateAt(RevealRequestRecord request, DateTimeOffset now, TimeSpan window) =>
        (IdentityRevealState)request.State == IdentityRevealState.Approved && request.DecidedAt is { } decided
                                                                          && now >= new DateTimeOffset(decided, TimeSpan.Zero) + window
            ? IdentityRevealState.Expired
            : (IdentityRevealState)request.State;
}

/// <summary>Who takes a reveal step: subject, the role they act in, and their jurisdiction.</summary>
public sealed record Actor(string Subject, string Role, string DivisionCode)
{
    public RevealAudit Audit(string action, string reason, DateTimeOffset at) => new(action, Subject, Role, DivisionCode, reason, at);
}
