using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Data;

namespace Supervision.Routing.Domain;

/// <summary>No phone notice has this id; the gRPC edge answers NOT_FOUND.</summary>
public sealed class PhoneNoticeNotFoundException(Guid noticeId) : Exception($"No phone notice has the id {noticeId}.");

/// <summary>
/// "1 小时内电话通知承办单位": when an election case reaches a unit, the duty officer of the receiving level (its
/// intake centre, rules.json dispatchUnitKind) phones the unit's duty phone and records the call. An unconfirmed
/// call escalates like any deadline. The unit's own acknowledgement is a separate step.
/// </summary>
public sealed class PhoneNotices(RoutingEngine engine, ClockPolicy clocks, CaseWording wording, CityDirectory directory, UnitNotifier notifier,
    ILogger<PhoneNotices> logger)
{
    /// <summary>
    /// Gives the receiving level's duty officer the call to make to <paramref name="handlingUnitId"/>, due from <paramref name="clockFrom"/>.
    /// <paramref name="receivingDivisionCode"/>, when given, is the case's (a case opened in this transaction: not read back).
    /// </summary>
    public async Task RequestAsync(NpgsqlTransaction transaction, Guid caseId, string handlingUnitId, DateTimeOffset clockFrom, DateTimeOffset now,
        CancellationToken ct, string? receivingDivisionCode = null)
    {
        var receiving = receivingDivisionCode ?? await CaseStore.ReceivingDivisionAsync(transaction, caseId, ct);
        if (engine.DispatchUnitAt(receiving) is not { } dutyUnit || directory.FindUnit(handlingUnitId) is not { } handling)
        {
            logger.LogWarning("Case {CaseId}: no duty unit at {Division} to phone {UnitId}", caseId, receiving, handlingUnitId);
            return;
        }
        if (handling.Id == dutyUnit.Id)
        {
            return; // the duty unit handles the case itself: there is nobody to phone
        }
        var shift = await notifier.ShiftOnDutyAsync(transaction, handling.Id, now, ct);
        var callBy = clocks.PhoneNoticeBy(clockFrom);
        var instruction = wording.PhoneNoticeTask(handling, shift, callBy);
        var deadlineId = await DeadlineStore.AddAsync(transaction, caseId, dutyUnit.Id, DeadlineKinds.PhoneNotice, callBy, ct);
        await PhoneNoticeStore.AddAsync(transaction, new NewPhoneNotice(Guid.CreateVersion7(), caseId, dutyUnit.Id, handling.Id, shift?.Officer,
            string.IsNullOrWhiteSpace(shift?.Phone) ? null : shift.Phone, instruction, now, callBy, deadlineId), ct);
        await notifier.NotifyAsync(transaction, dutyUnit.Id, caseId, "phone-notice", instruction, now, ct);
    }

    /// <summary>
    /// Records the call. <paramref name="authorize"/> sees the duty unit under the notice's lock and throws if the caller may not act for it.
    /// Returns the case the notice belongs to.
    /// </summary>
    public async Task ConfirmAsync(NpgsqlTransaction transaction, Guid noticeId, PhoneCall call, string actor, DateTimeOffset now,
        Action<string> authorize, CancellationToken ct)
    {
        var notice = await PhoneNoticeStore.LockAsync(transaction, noticeId, ct) ?? throw new PhoneNoticeNotFoundException(noticeId);
        authorize(notice.DutyUnitId);
        if (notice.Confirmed)
        {
            throw wording.PhoneNoticeAlreadyConfirmed;
        }
        if (call.CalledAt < notice.CreatedAtUtc)
        {
            throw wording.CalledBeforeTheCaseArrived(notice.CreatedAtUtc);
        }
        await CaseLocks.LockAsync(transaction, notice.CaseId, ct);
        await PhoneNoticeStore.ConfirmAsync(transaction, noticeId, call.CalledAt, call.CalleeName, call.CallerName, actor, now, ct);
        await DeadlineStore.MeetOneAsync(transaction, notice.DeadlineId, now, ct);
        await CaseStore.AddTimelineAsync(transaction, notice.CaseId, now, "phone-notice-confirmed", notice.HandlingUnitId, actor,
            wording.PhoneNoticeConfirmed(notice.HandlingUnitId, call), ct);
    }
}

/// <summary>A phone call as the duty officer records it.</summary>
public sealed record PhoneCall(DateTimeOffset CalledAt, string CalleeName, string CallerName);
