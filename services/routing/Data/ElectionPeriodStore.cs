using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Data;

/// <summary>Routing's copy of intake's election periods.</summary>
public static class ElectionPeriodStore
{
    public static Task SetAsync(NpgsqlTransaction transaction, ElectionPeriodSet period, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into election_periods (id, division_code, starts_at, ends_at) values (@ElectionPeriodId, @DivisionCode, @startsAt, @endsAt)
            on conflict (id) do nothing
            """, new { period.ElectionPeriodId, period.DivisionCode, startsAt = period.StartsAt.UtcDateTime, endsAt = period.EndsAt.UtcDateTime }, ct);

    public static Task DeleteAsync(NpgsqlTransaction transaction, ElectionPeriodDeleted period, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into election_periods (id, division_code, starts_at, ends_at, deleted) values (@ElectionPeriodId, @DivisionCode, @startsAt, @endsAt, true)
            on conflict (id) do update set deleted = true
            """, new { period.ElectionPeriodId, period.DivisionCode, startsAt = period.StartsAt.UtcDateTime, endsAt = period.EndsAt.UtcDateTime }, ct);

    /// <summary>The periods set for any of the divisions (not deleted), whatever their dates.</summary>
    public static Task<IReadOnlyList<ElectionPeriod>> ForDivisionsAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> divisionCodes,
        CancellationToken ct) =>
        transaction.ListAsync<ElectionPeriod>(
            """
            select division_code as DivisionCode, starts_at as StartsAt, ends_at as EndsAt from election_periods
            where division_code = any(@codes) and not deleted
            """, new { codes = divisionCodes.ToArray() }, ct);
}
