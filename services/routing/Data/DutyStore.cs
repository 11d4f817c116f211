using Supervision.Routing.Domain;
using Npgsql;

namespace Supervision.Routing.Data;

/// <summary>What the 24-hour duty check reads (election periods, shifts) and the warnings it gave, one per uncovered stretch.</summary>
public static class DutyStore
{
    /// <summary>The election periods (not deleted) that have not ended by <paramref name="at"/>.</summary>
    public static Task<IReadOnlyList<ElectionPeriod>> PeriodsEndingAfterAsync(NpgsqlTransaction transaction, DateTimeOffset at, CancellationToken ct) =>
        transaction.ListAsync<ElectionPeriod>(
            """
            select division_code as DivisionCode, starts_at as StartsAt, ends_at as EndsAt from election_periods
            where not deleted and ends_at > @at
            """, new { at = at.UtcDateTime }, ct);

    /// <summary>The shifts of the units that overlap [from, to).</summary>
    public static Task<IReadOnlyList<ShiftSpan>> ShiftsAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> unitIds, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct) =>
        transaction.ListAsync<ShiftSpan>(
            """
            select unit_id as UnitId, starts_at as StartsAt, ends_at as EndsAt from duty_shifts
            where unit_id = any(@unitIds) and ends_at > @from and starts_at < @to
            """, new { unitIds = unitIds.ToArray(), from = from.UtcDateTime, to = to.UtcDateTime }, ct);

    /// <summary>The stretches of the units already warned about, by (unit, start).</summary>
    public static async Task<ISet<(string UnitId, DateTime StartsAt)>> WarnedAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> unitIds,
        CancellationToken ct) =>
        (await transaction.ListAsync<(string, DateTime)>("select unit_id, starts_at from duty_gap_warnings where unit_id = any(@unitIds)",
            new { unitIds = unitIds.ToArray() }, ct)).ToHashSet();

    /// <summary>Records the warning about a stretch; false when it was given already (by another check or instance).</summary>
    public static async Task<bool> RecordWarningAsync(NpgsqlTransaction transaction, DutyGap gap, DateTimeOffset at, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into duty_gap_warnings (unit_id, starts_at, ends_at, warned_at) values (@UnitId, @startsAt, @endsAt, @at)
            on conflict (unit_id, starts_at) do nothing
            """, new { gap.UnitId, startsAt = gap.StartsAt.UtcDateTime, endsAt = gap.EndsAt.UtcDateTime, at = at.UtcDateTime }, ct) == 1;
}

/// <summary>When a unit has someone on duty.</summary>
public sealed record ShiftSpan(string UnitId, DateTime StartsAt, DateTime EndsAt);
