using Npgsql;

namespace Supervision.Reporting.Data;

/// <summary>One of the head's interviews as stored; <c>FollowUpBy</c> is yyyy-MM-dd.</summary>
public sealed record InterviewRow(
    Guid InterviewId,
    string Initiative,
    string? CadreId,
    string? UnitId,
    string DivisionCode,
    DateTime ScheduledAt,
    string Topic,
    string ScheduledBy,
    string Status,
    DateTime? RecordedAt,
    string? RecordedBy,
    string? Notes,
    string? FollowUp,
    string? FollowUpUnitId,
    string? FollowUpBy,
    Guid? HearingRequestId);

/// <summary>The head's interviews (双向约谈): reporting's own records, not a projection of the log.</summary>
public static class InterviewStore
{
    private const string Columns =
        """
        interview_id as InterviewId, initiative as Initiative, cadre_id as CadreId, unit_id as UnitId, division_code as DivisionCode,
        scheduled_at as ScheduledAt, topic as Topic, scheduled_by as ScheduledBy, status as Status, recorded_at as RecordedAt,
        recorded_by as RecordedBy, notes as Notes, follow_up as FollowUp, follow_up_unit_id as FollowUpUnitId,
        to_char(follow_up_by, 'YYYY-MM-DD') as FollowUpBy, hearing_request_id as HearingRequestId
        """;

    /// <summary>Adds the interview unless its idempotency key is taken; returns whether this one was added.</summary>
    public static async Task<bool> AddAsync(NpgsqlTransaction transaction, InterviewRow row, string idempotencyKey, byte[] requestHash,
        DateTimeOffset createdAt, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into head_interviews (interview_id, initiative, cadre_id, unit_id, division_code, scheduled_at, topic, scheduled_by, created_at,
                idempotency_key, request_hash, hearing_request_id)
            values (@InterviewId, @Initiative, @CadreId, @UnitId, @DivisionCode, @ScheduledAt, @Topic, @ScheduledBy, @createdAt, @idempotencyKey, @requestHash,
                @HearingRequestId)
            on conflict (idempotency_key) do nothing
            """,
            new
            {
                row.InterviewId, row.Initiative, row.CadreId, row.UnitId, row.DivisionCode, row.ScheduledAt, row.Topic, row.ScheduledBy, row.HearingRequestId,
                createdAt = createdAt.UtcDateTime, idempotencyKey, requestHash,
            }, ct) == 1;

    /// <summary>Whether an interview was scheduled with this idempotency key.</summary>
    public static Task<bool> KeyTakenAsync(NpgsqlTransaction transaction, string idempotencyKey, CancellationToken ct) =>
        transaction.ScalarAsync<bool>("select exists (select 1 from head_interviews where idempotency_key = @idempotencyKey)", new { idempotencyKey }, ct);

    /// <summary>The row the key made, when the same request made it; null when the key was used for a different request.</summary>
    public static Task<InterviewRow?> ReplayAsync(NpgsqlTransaction transaction, string idempotencyKey, byte[] requestHash, CancellationToken ct) =>
        KeyedRows.ReplayAsync<InterviewRow>(transaction, "head_interviews", Columns, idempotencyKey, requestHash, ct);

    /// <summary>The interview, locked against a second recording of its outcome when <paramref name="forUpdate"/>.</summary>
    public static Task<InterviewRow?> FindAsync(NpgsqlTransaction transaction, Guid interviewId, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<InterviewRow>(
            $"select {Columns} from head_interviews where interview_id = @interviewId" + (forUpdate ? " for update" : ""), new { interviewId }, ct);

    /// <summary>Records the outcome of a scheduled interview; false when it was recorded already.</summary>
    public static async Task<bool> RecordAsync(NpgsqlTransaction transaction, InterviewRow recorded, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            update head_interviews set status = @Status, recorded_at = @RecordedAt, recorded_by = @RecordedBy, notes = @Notes,
                follow_up = @FollowUp, follow_up_unit_id = @FollowUpUnitId, follow_up_by = @FollowUpBy::date
            where interview_id = @InterviewId and status = 'scheduled'
            """, recorded, ct) == 1;

    /// <summary>Interviews in <paramref name="divisions"/>, soonest first, after the keyset position.</summary>
    public static Task<IReadOnlyList<InterviewRow>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string> divisions,
        (DateTime At, Guid Id)? after, int limit, CancellationToken ct) =>
        transaction.ListAsync<InterviewRow>(
            $"""
            select {Columns} from head_interviews
            where division_code = any(@divisions) and (@afterAt::timestamptz is null or (scheduled_at, interview_id) > (@afterAt::timestamptz, @afterId))
            order by scheduled_at, interview_id limit @limit
            """, new { divisions = divisions.ToArray(), afterAt = after?.At, afterId = after?.Id ?? Guid.Empty, limit }, ct);

    /// <summary>Interviews scheduled in [from, to), whatever came of them, soonest first.</summary>
    public static Task<IReadOnlyList<InterviewRow>> ScheduledAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct) =>
        transaction.ListAsync<InterviewRow>(
            $"select {Columns} from head_interviews where scheduled_at >= @from and scheduled_at < @to order by scheduled_at, interview_id",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, ct);

    /// <summary>Interviews whose outcome was recorded in [from, to), in the order they were recorded.</summary>
    public static Task<IReadOnlyList<InterviewRow>> RecordedAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct) =>
        transaction.ListAsync<InterviewRow>(
            $"select {Columns} from head_interviews where recorded_at >= @from and recorded_at < @to order by recorded_at, interview_id",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, ct);
}
