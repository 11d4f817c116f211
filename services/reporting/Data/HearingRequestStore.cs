using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>
/// A request to be heard as stored, with the interview it was scheduled as (if any). The contact and the check code stay
/// sealed here; <c>InterviewStatus</c> and <c>InterviewNotes</c> come from the head's interview.
/// </summary>
public sealed record HearingRequestRow(
    Guid RequestId,
    string Channel,
    string DivisionCode,
    string Topic,
    byte[] SealedContact,
    byte[] SealedCheckCode,
    byte[] CheckHash,
    DateTime ReceivedAt,
    string? EnteredBy,
    string Status,
    DateTime? DecidedAt,
    string? DecidedBy,
    string? DeclineReason,
    Guid? InterviewId,
    DateTime? InterviewAt,
    string? InterviewStatus,
    string? InterviewNotes);

/// <summary>Who opened a requester's contact, why and when.</summary>
public sealed record HearingRevealRow(Guid RequestId, string RevealedTo, string Reason, DateTime RevealedAt);

/// <summary>Requests to be heard by the head (接受约谈): reporting's own records, not a projection of the log.</summary>
public static class HearingRequestStore
{
    private const string Columns =
        """
        r.request_id as RequestId, r.channel as Channel, r.division_code as DivisionCode, r.topic as Topic, r.sealed_contact as SealedContact,
        r.sealed_check_code as SealedCheckCode, r.check_hash as CheckHash, r.received_at as ReceivedAt, r.entered_by as EnteredBy, r.status as Status,
        r.decided_at as DecidedAt, r.decided_by as DecidedBy, r.decline_reason as DeclineReason, i.interview_id as InterviewId,
        i.scheduled_at as InterviewAt, i.status as InterviewStatus, i.notes as InterviewNotes
        """;

    private const string From = "hearing_requests r left join head_interviews i on i.hearing_request_id = r.request_id";

    /// <summary>Adds the request unless its idempotency key is taken; returns whether this one was added.</summary>
    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, HearingRequestRow row, string idempotencyKey, byte[] requestHash,
        CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into hearing_requests (request_id, channel, division_code, topic, sealed_contact, sealed_check_code, check_hash, received_at, entered_by,
                idempotency_key, request_hash)
            values (@RequestId, @Channel, @DivisionCode, @Topic, @SealedContact, @SealedCheckCode, @CheckHash, @ReceivedAt, @EnteredBy, @idempotencyKey,
                @requestHash)
            on conflict (idempotency_key) do nothing
            """,
            new
            {
                row.RequestId, row.Channel, row.DivisionCode, row.Topic, row.SealedContact, row.SealedCheckCode, row.CheckHash, row.ReceivedAt,
                row.EnteredBy, idempotencyKey, requestHash,
            }, ct) == 1;

    /// <summary>The request the key made and the hash of the request that made it (its contact left out), if the key was used.</summary>
    public static async Task<(HearingRequestRow Row, byte[] RequestHash)?> KeyedAsync(NpgsqlTransaction transaction, string idempotencyKey,
        CancellationToken ct)
    {
        var keyed = await transaction.SingleOrDefaultAsync<KeyedRequest>(
            "select request_id as RequestId, request_hash as RequestHash from hearing_requests where idempotency_key = @idempotencyKey",
            new { idempotencyKey }, ct);
        return keyed is null ? null : ((await FindAsync(transaction, keyed.RequestId, forUpdate: false, ct))!, keyed.RequestHash);
    }

    /// <summary>The request, locked against a second decision when <paramref name="forUpdate"/>.</summary>
    public static Task<HearingRequestRow?> FindAsync(NpgsqlTransaction transaction, Guid requestId, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<HearingRequestRow>(
            $"select {Columns} from {From} where r.request_id = @requestId" + (forUpdate ? " for update of r" : ""), new { requestId }, ct);

    /// <summary>Records a decision (scheduled or declined) on a request still received; false when it was decided already.</summary>
    public static async Task<bool> DecideAsync(NpgsqlTransaction transaction, Guid requestId, string status, DateTime decidedAt, string decidedBy,
        string? declineReason, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            update hearing_requests set status = @status, decided_at = @decidedAt, decided_by = @decidedBy, decline_reason = @declineReason
            where request_id = @requestId and status = 'received'
            """, new { requestId, status, decidedAt, decidedBy, declineReason }, ct) == 1;

    /// <summary>Requests in <paramref name="divisions"/>, optionally of one status, oldest first, after the keyset position.</summary>
    public static Task<IReadOnlyList<HearingRequestRow>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions, string? status,
        (DateTime At, Guid Id)? after, int limit, CancellationToken ct) =>
        transaction.ListAsync<HearingRequestRow>(
            $"""
            select {Columns} from {From}
            where r.division_code = any(@divisions) and (@status::text is null or r.status = @status)
              and (@afterAt::timestamptz is null or (r.received_at, r.request_id) > (@afterAt::timestamptz, @afterId))
            order by r.received_at, r.request_id limit @limit
            """, new { divisions = divisions.ToArray(), status, afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit }, ct);

    public static Task AddRevealAsync(NpgsqlTransaction transaction, HearingRevealRow reveal, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into hearing_requester_reveals (reveal_id, request_id, revealed_to, reason, revealed_at)
            values (@revealId, @RequestId, @RevealedTo, @Reason, @RevealedAt)
            """, new { revealId = Guid.CreateVersion7(), reveal.RequestId, reveal.RevealedTo, reveal.Reason, reveal.RevealedAt }, ct);

    /// <summary>Every reveal of the request's contact, oldest first.</summary>
    public static Task<IReadOnlyList<HearingRevealRow>> RevealsAsync(NpgsqlTransaction transaction, Guid requestId, CancellationToken ct) =>
        transaction.ListAsync<HearingRevealRow>(
            """
            select request_id as RequestId, revealed_to as RevealedTo, reason as Reason, revealed_at as RevealedAt
            from hearing_requester_reveals where request_id = @requestId order by revealed_at, reveal_id
            """, new { requestId }, ct);

    public sealed record KeyedRequest(Guid RequestId, byte[] RequestHash);
}
