using System.Globalization;
using Dapper;
using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Localization;
using Supervision.Routing.V1;

namespace Supervision.Routing.Data;

/// <summary>The phone calls duty officers owe handling units of election cases: written in a case's transaction, read by the handling API.</summary>
public static class PhoneNoticeStore
{
    public static Task AddAsync(NpgsqlTransaction transaction, NewPhoneNotice notice, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            insert into phone_notices (id, case_id, duty_unit_id, handling_unit_id, handling_duty_officer, handling_duty_phone, instruction,
                created_at, call_by, deadline_id, wording_key, wording_args)
            values (@Id, @CaseId, @DutyUnitId, @HandlingUnitId, @HandlingDutyOfficer, @HandlingDutyPhone, @instruction, @createdAt, @callBy, @DeadlineId,
                @key, @args::jsonb)
            """, new
            {
                notice.Id, notice.CaseId, notice.DutyUnitId, notice.HandlingUnitId, notice.HandlingDutyOfficer, notice.HandlingDutyPhone,
                instruction = notice.Instruction.Neutral, key = notice.Instruction.Key, args = notice.Instruction.ArgsJson,
                createdAt = notice.CreatedAt.UtcDateTime, callBy = notice.CallBy.UtcDateTime, notice.DeadlineId,
            }, ct);

    /// <summary>The notice, with its row lock held until the transaction ends; null if no notice has the id.</summary>
    public static Task<PhoneNoticeHead?> LockAsync(NpgsqlTransaction transaction, Guid noticeId, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<PhoneNoticeHead>(
            """
            select case_id as CaseId, duty_unit_id as DutyUnitId, handling_unit_id as HandlingUnitId, created_at as CreatedAt,
                   deadline_id as DeadlineId, called_at is not null as Confirmed
            from phone_notices where id = @noticeId for update
            """, new { noticeId }, ct);

    public static Task ConfirmAsync(NpgsqlTransaction transaction, Guid noticeId, DateTimeOffset calledAt, string calleeName, string callerName,
        string confirmedBy, DateTimeOffset at, CancellationToken ct) =>
        transaction.WriteAsync(
            """
            update phone_notices set called_at = @calledAt, callee_name = @calleeName, caller_name = @callerName, confirmed_by = @confirmedBy,
                confirmed_at = @at where id = @noticeId
            """, new { calledAt = calledAt.UtcDateTime, calleeName, callerName, confirmedBy, at = at.UtcDateTime, noticeId }, ct);

    /// <summary>A duty unit's notices, newest first (keyset on created_at, id); <paramref name="confirmed"/> null for both states.</summary>
    public static async Task<IReadOnlyList<PhoneNotice>> ListAsync(NpgsqlDataSource dataSource, string dutyUnitId, bool? confirmed,
        (DateTime At, Guid Id)? after, int limit, CultureInfo culture, CityDirectory? directory, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<PhoneNoticeRow>(new CommandDefinition(
            Select + """
            where n.duty_unit_id = @dutyUnitId and (@confirmed::boolean is null or (n.called_at is not null) = @confirmed)
              and (@afterAt::timestamptz is null or (n.created_at, n.id) < (@afterAt, @afterId))
            order by n.created_at desc, n.id desc limit @limit
            """, new { dutyUnitId, confirmed, afterAt = after?.At, afterId = after?.Id, limit }, cancellationToken: ct));
        return rows.Select(r => ToMessage(r, culture, directory)).ToList();
    }

    public static async Task<PhoneNotice?> GetAsync(NpgsqlDataSource dataSource, Guid noticeId, CultureInfo culture, CityDirectory? directory,
        CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<PhoneNoticeRow>(new CommandDefinition(Select + " where n.id = @noticeId",
            new { noticeId }, cancellationToken: ct));
        return row is null ? null : ToMessage(row, culture, directory);
    }

    private const string Select =
        """
        select n.id as Id, n.case_id as CaseId, n.duty_unit_id as DutyUnitId, n.handling_unit_id as HandlingUnitId,
               n.handling_duty_officer as HandlingDutyOfficer, n.handling_duty_phone as HandlingDutyPhone, n.instruction as Instruction, n.wording_key as WordingKey, n.wording_args::text as WordingArgs,
               n.created_at as CreatedAt, n.call_by as CallBy, d.fired_at is not null as Overdue, n.called_at as CalledAt,
               n.callee_name as CalleeName, n.caller_name as CallerName, n.confirmed_by as ConfirmedBy
        from phone_notices n join deadlines d on d.id = n.deadline_id

        """;

    private static PhoneNotice ToMessage(PhoneNoticeRow r, CultureInfo culture, CityDirectory? directory) => new()
    {
        NoticeId = r.Id.ToString(), CaseId = r.CaseId.ToString(), DutyUnitId = r.DutyUnitId, HandlingUnitId = r.HandlingUnitId,
        HandlingDutyOfficer = r.HandlingDutyOfficer ?? "", HandlingDutyPhone = r.HandlingDutyPhone ?? "", Instruction = Phrase.Stored(r.WordingKey, r.WordingArgs, r.Instruction).In(culture, directory),
        CreatedAt = CaseQueries.Stamp(r.CreatedAt), CallBy = CaseQueries.Stamp(r.CallBy), Overdue = r.Overdue,
        State = r.CalledAt is null ? PhoneNoticeState.Pending : PhoneNoticeState.Confirmed,
        CalledAt = r.CalledAt is null ? null : CaseQueries.Stamp(r.CalledAt.Value), CalleeName = r.CalleeName ?? "", CallerName = r.CallerName ?? "",
        ConfirmedBy = r.ConfirmedBy ?? "",
    };

    private sealed record PhoneNoticeRow(Guid Id, Guid CaseId, string DutyUnitId, string HandlingUnitId, string? HandlingDutyOfficer,
        string? HandlingDutyPhone, string Instruction, string? WordingKey, string? WordingArgs, DateTime CreatedAt, DateTime CallBy, bool Overdue, DateTime? CalledAt, string? CalleeName,
        string? CallerName, string? ConfirmedBy);
}

public sealed record NewPhoneNotice(Guid Id, Guid CaseId, string DutyUnitId, string HandlingUnitId, string? HandlingDutyOfficer, string? HandlingDutyPhone,
    Phrase Instruction, DateTimeOffset CreatedAt, DateTimeOffset CallBy, Guid DeadlineId);

public sealed record PhoneNoticeHead(Guid CaseId, string DutyUnitId, string HandlingUnitId, DateTime CreatedAt, Guid DeadlineId, bool Confirmed)
{
    public DateTimeOffset CreatedAtUtc => new(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc));
}
