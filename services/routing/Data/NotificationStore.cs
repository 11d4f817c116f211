using Npgsql;

namespace Supervision.Routing.Data;

/// <summary>Units' duty rosters and the notifications sent to them.</summary>
public static class NotificationStore
{
    public static Task<string?> OfficerOnShiftAsync(NpgsqlTransaction transaction, string unitId, DateTimeOffset at, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<string?>(
            """
            select officer from duty_shifts where unit_id = @unitId and starts_at <= @at and ends_at > @at
            order by starts_at desc limit 1
            """, new { unitId, at = at.UtcDateTime }, ct);

    public static Task AddAsync(NpgsqlTransaction transaction, string unitId, Guid caseId, string kind, string message, string? officer,
        DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into notifications (id, unit_id, case_id, kind, message, duty_officer, at)
            values (@id, @unitId, @caseId, @kind, @message, @officer, @at)
            """, new { id = Guid.CreateVersion7(), unitId, caseId, kind, message, officer, at = at.UtcDateTime }, ct);
}
