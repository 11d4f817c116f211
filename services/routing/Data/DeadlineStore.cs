using Npgsql;

namespace Supervision.Routing.Data;

/// <summary>
/// Deadlines are rows: a task's clock survives restarts, and each deadline is met, or fired once, by
/// whichever instance claims it first.
/// </summary>
public static class DeadlineStore
{
    /// <summary>Adds a pending deadline and returns its id.</summary>
    public static async Task<Guid> AddAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, string kind, DateTimeOffset due, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await transaction.WriteAsync("insert into deadlines (id, case_id, unit_id, kind, due_at) values (@id, @caseId, @unitId, @kind, @due)",
            new { id, caseId, unitId, kind, due = due.UtcDateTime }, ct);
        return id;
    }

    /// <summary>Marks one deadline met, unless it was met or fired already.</summary>
    public static Task MeetOneAsync(NpgsqlTransaction transaction, Guid deadlineId, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync("update deadlines set met_at = @at where id = @deadlineId and met_at is null and fired_at is null",
            new { at = at.UtcDateTime, deadlineId }, ct);

    /// <summary>
    /// Marks pending deadlines of the case met: of one unit or of all (<paramref name="unitId"/> null), of the
    /// given kinds or of every kind (<paramref name="kinds"/> null).
    /// </summary>
    public static Task MeetAsync(NpgsqlTransaction transaction, Guid caseId, string? unitId, string[]? kinds, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            update deadlines set met_at = @at
            where case_id = @caseId and (@unitId::text is null or unit_id = @unitId) and (@kinds::text[] is null or kind = any(@kinds))
              and met_at is null and fired_at is null
            """, new { at = at.UtcDateTime, caseId, unitId, kinds }, ct);

    /// <summary>Marks met the deadlines of the calls still owed to a unit that no longer holds its part of the case as it was.</summary>
    public static Task MeetPhoneNoticesToAsync(NpgsqlTransaction transaction, Guid caseId, string handlingUnitId, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            update deadlines set met_at = @at
            where id in (select deadline_id from phone_notices where case_id = @caseId and handling_unit_id = @handlingUnitId and called_at is null)
              and met_at is null and fired_at is null
            """, new { at = at.UtcDateTime, caseId, handlingUnitId }, ct);

    /// <summary>Claims up to <paramref name="batch"/> deadlines due by <paramref name="now"/> that no other transaction holds.</summary>
    public static Task<IReadOnlyList<DueDeadline>> ClaimDueAsync(NpgsqlTransaction transaction, DateTimeOffset now, int batch, CancellationToken ct) =>
        transaction.ListAsync<DueDeadline>(
            """
            select id as Id, case_id as CaseId, unit_id as UnitId, kind as Kind, due_at as DueAt from deadlines
            where met_at is null and fired_at is null and due_at <= @now
            order by due_at limit @batch for update skip locked
            """, new { now = now.UtcDateTime, batch }, ct);

    public static Task MarkFiredAsync(NpgsqlTransaction transaction, Guid deadlineId, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync("update deadlines set fired_at = @at where id = @deadlineId", new { at = at.UtcDateTime, deadlineId }, ct);
}

public sealed record DueDeadline(Guid Id, Guid CaseId, string UnitId, string Kind, DateTime DueAt)
{
    public DateTimeOffset DueAtUtc => new(DateTime.SpecifyKind(DueAt, DateTimeKind.Utc));
}
