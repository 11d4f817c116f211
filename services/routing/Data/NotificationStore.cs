using System.Globalization;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Localization;
using Supervision.Routing.V1;

namespace Supervision.Routing.Data;

/// <summary>Units' duty rosters and the notifications sent to them: written in a case's transaction, read by the handling API.</summary>
public static class NotificationStore
{
    /// <summary>
    /// The shift on duty at each of the units at <paramref name="at"/> (the latest to start), in one round trip; units nobody
    /// covers are absent.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, OnShift>> ShiftsOnDutyAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> unitIds,
        DateTimeOffset at, CancellationToken ct) =>
        (await transaction.ListAsync<(string UnitId, string Officer, string Phone)>(
            """
            select distinct on (unit_id) unit_id, officer, phone from duty_shifts where unit_id = any(@unitIds) and starts_at <= @at and ends_at > @at
            order by unit_id, starts_at desc
            """, new { unitIds = unitIds.ToArray(), at = at.UtcDateTime }, ct))
        .ToDictionary(r => r.UnitId, r => new OnShift(r.Officer, r.Phone), StringComparer.Ordinal);

    /// <summary>The shift on duty at the unit at <paramref name="at"/> (the latest to start), or null if nobody is.</summary>
    public static Task<OnShift?> ShiftOnDutyAsync(NpgsqlTransaction transaction, string unitId, DateTimeOffset at, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<OnShift>(
            """
            select officer as Officer, phone as Phone from duty_shifts where unit_id = @unitId and starts_at <= @at and ends_at > @at
            order by starts_at desc limit 1
            """, new { unitId, at = at.UtcDateTime }, ct);

    public static Task AddAsync(NpgsqlTransaction transaction, string unitId, Guid? caseId, string kind, Phrase message, string? officer,
        DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into notifications (id, unit_id, case_id, kind, message, duty_officer, at, wording_key, wording_args)
            values (@id, @unitId, @caseId, @kind, @text, @officer, @at, @key, @args::jsonb)
            """, new
            {
                id = Guid.CreateVersion7(), unitId, caseId, kind, text = message.Neutral, officer, at = at.UtcDateTime, key = message.Key,
                args = message.ArgsJson,
            }, ct);

    /// <summary>A unit's notifications, newest first, worded in <paramref name="culture"/>.</summary>
    public static async Task<IReadOnlyList<Notification>> NotificationsAsync(NpgsqlDataSource dataSource, string unitId, (DateTime At, Guid Id)? after,
        int limit, CultureInfo culture, CityDirectory? directory, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, string UnitId, Guid? CaseId, string Kind, string Message, string? DutyOfficer, DateTime At,
            string? WordingKey, string? WordingArgs)>(
            new CommandDefinition(
                """
                select id, unit_id, case_id, kind, message, duty_officer, at, wording_key, wording_args::text from notifications
                where unit_id = @unitId and (@afterAt::timestamptz is null or (at, id) < (@afterAt, @afterId))
                order by at desc, id desc limit @limit
                """, new { unitId, afterAt = after?.At, afterId = after?.Id, limit }, cancellationToken: ct));
        return rows.Select(n => new Notification
        {
            NotificationId = n.Id.ToString(), UnitId = n.UnitId, CaseId = n.CaseId?.ToString() ?? "", Kind = n.Kind,
            Message = Phrase.Stored(n.WordingKey, n.WordingArgs, n.Message).In(culture, directory),
            DutyOfficer = n.DutyOfficer ?? "", At = CaseQueries.Stamp(n.At),
        }).ToList();
    }

    public static async Task<DutyShift> AddShiftAsync(NpgsqlDataSource dataSource, string unitId, string officer, string phone, DateTimeOffset starts,
        DateTimeOffset ends, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into duty_shifts (id, unit_id, officer, phone, starts_at, ends_at) values (@id, @unitId, @officer, @phone, @starts, @ends)",
            new { id, unitId, officer, phone, starts = starts.UtcDateTime, ends = ends.UtcDateTime }, cancellationToken: ct));
        return new DutyShift { ShiftId = id.ToString(), UnitId = unitId, Officer = officer, Phone = phone, StartsAt = Timestamp.FromDateTimeOffset(starts), EndsAt = Timestamp.FromDateTimeOffset(ends) };
    }

    public static async Task<IReadOnlyList<DutyShift>> RosterAsync(NpgsqlDataSource dataSource, string unitId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, string Officer, string Phone, DateTime StartsAt, DateTime EndsAt)>(new CommandDefinition(
            "select id, officer, phone, starts_at, ends_at from duty_shifts where unit_id = @unitId and ends_at > @from and starts_at < @to order by starts_at",
            new { unitId, from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
        return rows.Select(r => new DutyShift
        {
            ShiftId = r.Id.ToString(), UnitId = unitId, Officer = r.Officer, Phone = r.Phone, StartsAt = CaseQueries.Stamp(r.StartsAt), EndsAt = CaseQueries.Stamp(r.EndsAt),
        }).ToList();
    }
}

/// <summary>Who is on duty at a unit, and the shift's phone ("" when none was given).</summary>
public sealed record OnShift(string Officer, string Phone);
