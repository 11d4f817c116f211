using System.Security.Cryptography;
using Npgsql;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Reporting.Domain;

/// <summary>A request to be heard as checked at the edge: how it came, where, about what, from whom.</summary>
public sealed record HearingPlea(string Channel, string DivisionCode, string Topic, HearingContact Contact, string? EnteredBy);

/// <summary>What the requester gets once: the request's id and the check code to read its state with.</summary>
public sealed record HearingReceipt(Guid RequestId, string CheckCode);

/// <summary>
/// Requests to be heard by the department head (双向约谈, 接受约谈): anyone asks, online or by a letter or visit that staff
/// enter; oversight officers schedule a request as one of the head's interviews, or decline it with a reason, once. The
/// requester's contact is sealed (ADR 4) and opened only for a staff member who gives a reason, each time audited.
/// </summary>
public sealed class RequestsToBeHeard(HearingSealer sealer, TwoWayInterviews interviews, TimeProvider time)
{
    public const string Online = "online";
    public const string Letter = "letter";
    public const string Visit = "visit";

    public const string Received = "received";
    public const string Scheduled = "scheduled";
    public const string Declined = "declined";

    /// <summary>
    /// Receives the request; a retry with the same idempotency key, the same request and the same contact gets the same
    /// receipt. Null when the key was used for a different request.
    /// </summary>
    public async Task<HearingReceipt?> ReceiveAsync(NpgsqlTransaction transaction, HearingPlea plea, string idempotencyKey, byte[] requestHash,
        CancellationToken ct)
    {
        var requestId = Guid.CreateVersion7();
        var checkCode = ReceiptCode.New();
        var row = new HearingRequestRow(requestId, plea.Channel, plea.DivisionCode, plea.Topic, sealer.Seal(plea.Contact, requestId),
            sealer.SealCheckCode(checkCode, requestId), ReceiptCode.Hash(ReceiptCode.Normalize(checkCode)!), Stored(time.GetUtcNow()), plea.EnteredBy,
            Received, null, null, null, null, null, null, null);
        if (await HearingRequestStore.AddAsync(transaction, row, idempotencyKey, requestHash, ct))
        {
            return new HearingReceipt(requestId, checkCode);
        }
        var (earlier, earlierHash) = (await HearingRequestStore.KeyedAsync(transaction, idempotencyKey, ct))!.Value;
        return earlierHash.AsSpan().SequenceEqual(requestHash) && sealer.Open(earlier.SealedContact, earlier.RequestId) == plea.Contact
            ? new HearingReceipt(earlier.RequestId, sealer.OpenCheckCode(earlier.SealedCheckCode, earlier.RequestId))
            : null;
    }

    /// <summary>The request, when <paramref name="checkCode"/> is its check code; null otherwise, alike for an unknown request.</summary>
    public static async Task<HearingRequestRow?> CheckAsync(NpgsqlTransaction transaction, Guid requestId, string normalizedCheckCode, CancellationToken ct) =>
        await HearingRequestStore.FindAsync(transaction, requestId, forUpdate: false, ct) is { } row
        && CryptographicOperations.FixedTimeEquals(row.CheckHash, ReceiptCode.Hash(normalizedCheckCode))
            ? row
            : null;

    /// <summary>
    /// Schedules a received request as one of the head's interviews (接受约谈) in the request's division; the request row is
    /// locked, so two instances cannot both schedule or decide it. Null when there is no such request.
    /// </summary>
    public async Task<HearingRequestRow?> ScheduleAsync(NpgsqlTransaction transaction, Guid requestId, DateTimeOffset at, string scheduledBy,
        CancellationToken ct)
    {
        if (await DecidableAsync(transaction, requestId, ct) is not { } row)
        {
            return null;
        }
        var plan = new InterviewPlan(TwoWayInterviews.Requested, null, null, row.DivisionCode, at, row.Topic, requestId);
        var key = "hearing-request-" + requestId.ToString("N");
        await interviews.ScheduleAsync(transaction, plan, scheduledBy, key, SHA256.HashData(requestId.ToByteArray()), ct);
        await HearingRequestStore.DecideAsync(transaction, requestId, Scheduled, Stored(time.GetUtcNow()), scheduledBy, null, ct);
        return await HearingRequestStore.FindAsync(transaction, requestId, forUpdate: false, ct);
    }

    /// <summary>Declines a received request with the reason the requester reads; once. Null when there is no such request.</summary>
    public async Task<HearingRequestRow?> DeclineAsync(NpgsqlTransaction transaction, Guid requestId, string reason, string declinedBy, CancellationToken ct)
    {
        if (await DecidableAsync(transaction, requestId, ct) is null)
        {
            return null;
        }
        await HearingRequestStore.DecideAsync(transaction, requestId, Declined, Stored(time.GetUtcNow()), declinedBy, reason, ct);
        return await HearingRequestStore.FindAsync(transaction, requestId, forUpdate: false, ct);
    }

    /// <summary>Opens the requester's contact for <paramref name="revealedTo"/>: the audit row is written in the same transaction, before it is answered.</summary>
    public async Task<HearingContact> RevealAsync(NpgsqlTransaction transaction, HearingRequestRow row, string revealedTo, string reason, CancellationToken ct)
    {
        await HearingRequestStore.AddRevealAsync(transaction, new HearingRevealRow(row.RequestId, revealedTo, reason, Stored(time.GetUtcNow())), ct);
        return sealer.Open(row.SealedContact, row.RequestId);
    }

    /// <summary>The request, locked, still waiting for a decision; a decided one is refused with what was decided.</summary>
    private static async Task<HearingRequestRow?> DecidableAsync(NpgsqlTransaction transaction, Guid requestId, CancellationToken ct)
    {
        var row = await HearingRequestStore.FindAsync(transaction, requestId, forUpdate: true, ct);
        return row is null || row.Status == Received
            ? row
            : throw ReportingTexts.Words.Refusal("hearing.already-decided", ReportingTexts.Words.Word("hearing.status." + row.Status));
    }

    public DateTimeOffset Now => time.GetUtcNow();

    private static DateTime Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, DateTimeKind.Utc);
}
