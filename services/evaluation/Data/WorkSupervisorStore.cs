using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>A cadre work supervisor as stored (contact data sealed).</summary>
public sealed record WorkSupervisorRecord
{
    public Guid Id { get; init; }
    public int SupervisorNumber { get; init; }
    public string Name { get; init; } = "";
    public string Gender { get; init; } = "";
    public string DeputyKind { get; init; } = "";
    public string DeputyBody { get; init; } = "";
    public string? AreaDivisionCode { get; init; }
    public string[] AreaUnitIds { get; init; } = [];
    /// <summary>The divisions the area reaches: its division, or its units' divisions.</summary>
    public string[] AreaDivisions { get; init; } = [];
    public byte[] SealedContact { get; init; } = [];
    public DateTime AppointedAt { get; init; }
    public bool Demo { get; init; }
}

/// <summary>What a supervisor saw at a unit of their area; CadreId is "" for the unit itself.</summary>
public sealed record SupervisorObservationRecord
{
    public Guid Id { get; init; }
    public Guid SupervisorId { get; init; }
    public DateOnly ObservedOn { get; init; }
    public string UnitId { get; init; } = "";
    public string CadreId { get; init; } = "";
    public string Notes { get; init; } = "";
    public DateTime RecordedAt { get; init; }
}

/// <summary>A problem a supervisor referred into intake, and the report it became (once referred).</summary>
public sealed record SupervisorReferralRecord
{
    public Guid Id { get; init; }
    public Guid SupervisorId { get; init; }
    public Guid ObservationId { get; init; }
    public string UnitId { get; init; } = "";
    public string CadreId { get; init; } = "";
    public string Category { get; init; } = "";
    public string Account { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public Guid? ReportId { get; init; }
    public string? TrackingNumber { get; init; }
    public DateTime? ReferredAt { get; init; }
}

/// <summary>The work supervisors' SQL, in the caller's transaction.</summary>
public static class WorkSupervisorStore
{
    private const string SupervisorColumns =
        """
        id as Id, supervisor_number as SupervisorNumber, name as Name, gender as Gender, deputy_kind as DeputyKind, deputy_body as DeputyBody,
        area_division_code as AreaDivisionCode, area_unit_ids as AreaUnitIds, area_divisions as AreaDivisions, sealed_contact as SealedContact,
        appointed_at as AppointedAt, demo as Demo
        """;

    private const string ObservationColumns =
        """
        id as Id, supervisor_id as SupervisorId, observed_on as ObservedOn, unit_id as UnitId, cadre_id as CadreId, notes as Notes,
        recorded_at as RecordedAt
        """;

    private const string ReferralColumns =
        """
        id as Id, supervisor_id as SupervisorId, observation_id as ObservationId, unit_id as UnitId, cadre_id as CadreId, category as Category,
        account as Account, status as Status, created_at as CreatedAt, report_id as ReportId, tracking_number as TrackingNumber,
        referred_at as ReferredAt
        """;

    /// <summary>Numbers are given in appointment order; the lock makes two instances' appointments wait for each other.</summary>
    public static async Task<int> NextNumberAsync(NpgsqlTransaction transaction, CancellationToken ct)
    {
        await transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('evaluation.work-supervisors'))", null, ct);
        return await transaction.ScalarAsync<int>("select coalesce(max(supervisor_number), 0) + 1 from work_supervisors", null, ct);
    }

    /// <summary>Inserts the supervisor unless one with the same id or number is there (a demo load run twice).</summary>
    public static Task<int> InsertAsync(NpgsqlTransaction transaction, WorkSupervisorRecord supervisor, string appointedBy, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into work_supervisors (id, supervisor_number, name, gender, deputy_kind, deputy_body, area_division_code, area_unit_ids,
                area_divisions, sealed_contact, appointed_at, appointed_by, demo)
            values (@Id, @SupervisorNumber, @Name, @Gender, @DeputyKind, @DeputyBody, @AreaDivisionCode, @AreaUnitIds, @AreaDivisions,
                @SealedContact, @AppointedAt, @appointedBy, @Demo)
            on conflict do nothing
            """,
            new
            {
                supervisor.Id, supervisor.SupervisorNumber, supervisor.Name, supervisor.Gender, supervisor.DeputyKind, supervisor.DeputyBody,
                supervisor.AreaDivisionCode, supervisor.AreaUnitIds, supervisor.AreaDivisions, supervisor.SealedContact, supervisor.AppointedAt,
                appointedBy, supervisor.Demo,
            }, ct);

    public static Task<WorkSupervisorRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<WorkSupervisorRecord>($"select {SupervisorColumns} from work_supervisors where id = @id", new { id }, ct);

    /// <summary>Supervisors whose area reaches one of <paramref name="divisions"/> (null: any), newest appointment first.</summary>
    public static Task<IReadOnlyList<WorkSupervisorRecord>> ListAsync(NpgsqlTransaction transaction, IReadOnlyList<string>? divisions,
        (DateTime At, Guid Id)? before, int size, CancellationToken ct) =>
        transaction.ListAsync<WorkSupervisorRecord>(
            $"""
            select {SupervisorColumns} from work_supervisors
            where (@anyDivision or area_divisions && @divisions)
              and (@beforeAt::timestamptz is null or (appointed_at, id) < (@beforeAt, @beforeId))
            order by appointed_at desc, id desc limit @size
            """,
            new { anyDivision = divisions is null, divisions = divisions?.ToArray() ?? [], beforeAt = before?.At, beforeId = before?.Id ?? Guid.Empty, size },
            ct);

    /// <summary>Logs the observation, or returns the same one logged before.</summary>
    public static async Task<SupervisorObservationRecord> InsertObservationAsync(NpgsqlTransaction transaction, SupervisorObservationRecord observation,
        CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            """
            insert into supervisor_observations (id, supervisor_id, observed_on, unit_id, cadre_id, notes, recorded_at)
            values (@Id, @SupervisorId, @ObservedOn, @UnitId, @CadreId, @Notes, @RecordedAt)
            on conflict (supervisor_id, observed_on, unit_id, cadre_id, md5(notes)) do nothing
            """, observation, ct);
        return (await transaction.SingleOrDefaultAsync<SupervisorObservationRecord>(
            $"""
            select {ObservationColumns} from supervisor_observations
            where supervisor_id = @SupervisorId and observed_on = @ObservedOn and unit_id = @UnitId and cadre_id = @CadreId and md5(notes) = md5(@Notes)
            """, observation, ct))!;
    }

    public static Task<SupervisorObservationRecord?> FindObservationAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<SupervisorObservationRecord>(
            $"select {ObservationColumns} from supervisor_observations where id = @id", new { id }, ct);

    /// <summary>Keeps the referral before intake is called, or returns the same one asked before (either instance).</summary>
    public static async Task<SupervisorReferralRecord> InsertReferralAsync(NpgsqlTransaction transaction, SupervisorReferralRecord referral,
        CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            """
            insert into supervisor_referrals (id, supervisor_id, observation_id, unit_id, cadre_id, category, account, status, created_at)
            values (@Id, @SupervisorId, @ObservationId, @UnitId, @CadreId, @Category, @Account, 'referring', @CreatedAt)
            on conflict (observation_id, category, md5(account)) do nothing
            """, referral, ct);
        return (await transaction.SingleOrDefaultAsync<SupervisorReferralRecord>(
            $"""
            select {ReferralColumns} from supervisor_referrals
            where observation_id = @ObservationId and category = @Category and md5(account) = md5(@Account)
            """, referral, ct))!;
    }

    public static Task MarkReferredAsync(NpgsqlTransaction transaction, Guid id, Guid reportId, string trackingNumber, byte[] sealedReceipt,
        DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            update supervisor_referrals set status = 'referred', report_id = @reportId, tracking_number = @trackingNumber,
                sealed_receipt = @sealedReceipt, referred_at = coalesce(referred_at, @at)
            where id = @id
            """, new { id, reportId, trackingNumber, sealedReceipt, at = at.UtcDateTime }, ct);

    public static Task<SupervisorReferralRecord?> FindReferralAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<SupervisorReferralRecord>($"select {ReferralColumns} from supervisor_referrals where id = @id", new { id }, ct);

    /// <summary>One supervisor's referrals, newest first.</summary>
    public static Task<IReadOnlyList<SupervisorReferralRecord>> ReferralsOfAsync(NpgsqlTransaction transaction, Guid supervisorId,
        (DateTime At, Guid Id)? before, int size, CancellationToken ct) =>
        transaction.ListAsync<SupervisorReferralRecord>(
            $"""
            select {ReferralColumns} from supervisor_referrals
            where supervisor_id = @supervisorId and (@beforeAt::timestamptz is null or (created_at, id) < (@beforeAt, @beforeId))
            order by created_at desc, id desc limit @size
            """, new { supervisorId, beforeAt = before?.At, beforeId = before?.Id ?? Guid.Empty, size }, ct);
}
