using Npgsql;
using Supervision.Evaluation.Domain;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>The panel's SQL: applications, members and their history. Every write runs in the caller's transaction.</summary>
public sealed class PanelStore
{
    private const string ApplicationColumns =
        """
        id as Id, submitted_at as SubmittedAt, name as Name, gender as Gender, birth_date as BirthDate, sector as Sector,
        division_code as DivisionCode, nomination as Nomination, recommending_body as RecommendingBody, employer as Employer,
        employer_unit_id as EmployerUnitId, serving_cadre_id as ServingCadreId, relative_unit_ids as RelativeUnitIds,
        ineligible_because as IneligibleBecause, status as Status, decided_at as DecidedAt, decision_reason as DecisionReason, member_id as MemberId
        """;

    public const string MemberColumns =
        """
        id as Id, panel_number as PanelNumber, name as Name, gender as Gender, birth_date as BirthDate, sector as Sector,
        grassroots as Grassroots, division_code as DivisionCode, nomination as Nomination, recommending_body as RecommendingBody,
        employer_unit_id as EmployerUnitId, relative_unit_ids as RelativeUnitIds, status as Status, appointed_at as AppointedAt,
        term_ends_at as TermEndsAt, ended_at as EndedAt
        """;

    /// <summary>Serializes every change to who serves (appointments, renewals), so the quota is checked against committed numbers.</summary>
    public static Task LockPanelAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        transaction.ExecuteAsync("select pg_advisory_xact_lock(hashtext('evaluation.panel'))", null, ct);

    public static Task InsertApplicationAsync(NpgsqlTransaction transaction, Guid id, Applicant applicant, byte[] sealedContact,
        IReadOnlyList<string> ineligibleBecause, DateTimeOffset at, string by, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into applications (id, submitted_at, submitted_by, name, gender, birth_date, sector, division_code, nomination,
                recommending_body, employer, employer_unit_id, serving_cadre_id, relative_unit_ids, sealed_contact, ineligible_because)
            values (@id, @at, @by, @Name, @Gender, @BirthDate, @Sector, @DivisionCode, @Nomination, @RecommendingBody, @Employer,
                @EmployerUnitId, @ServingCadreId, @relatives, @sealedContact, @ineligible)
            """,
            new
            {
                id, at = at.UtcDateTime, by, applicant.Name, applicant.Gender, applicant.BirthDate, applicant.Sector, applicant.DivisionCode,
                applicant.Nomination, applicant.RecommendingBody, applicant.Employer, applicant.EmployerUnitId, applicant.ServingCadreId,
                relatives = applicant.RelativeUnitIds.ToArray(), sealedContact, ineligible = ineligibleBecause.ToArray(),
            }, ct);

    public static Task<ApplicationRecord?> FindApplicationAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<ApplicationRecord>(
            $"select {ApplicationColumns} from applications where id = @id" + (forUpdate ? " for update" : ""), new { id }, ct);

    public static Task<byte[]?> SealedApplicationContactAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.ScalarAsync<byte[]>("select sealed_contact from applications where id = @id", new { id }, ct);

    public static Task DecideApplicationAsync(NpgsqlTransaction transaction, Guid id, string status, string? reason, Guid? memberId,
        DateTimeOffset at, string by, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            update applications set status = @status, decision_reason = @reason, member_id = @memberId, decided_at = @at, decided_by = @by
            where id = @id
            """, new { id, status, reason, memberId, at = at.UtcDateTime, by }, ct);

    /// <summary>Serving members in all and from grassroots sectors at <paramref name="now"/>.</summary>
    public static async Task<(int Grassroots, int Serving)> ServingCountsAsync(NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken ct)
    {
        var counts = await transaction.SingleOrDefaultAsync<(long Grassroots, long Serving)>(
            "select count(*) filter (where grassroots), count(*) from members where status = 'serving' and term_ends_at > @now",
            new { now = now.UtcDateTime }, ct);
        return ((int)counts.Grassroots, (int)counts.Serving);
    }

    public static async Task<int> NextPanelNumberAsync(NpgsqlTransaction transaction, CancellationToken ct) =>
        await transaction.ScalarAsync<int>("select coalesce(max(panel_number), 0) + 1 from members", null, ct);

    public static Task InsertMemberAsync(NpgsqlTransaction transaction, NewMember member, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into members (id, panel_number, application_id, name, gender, birth_date, sector, grassroots, division_code, nomination,
                recommending_body, employer_unit_id, relative_unit_ids, sealed_contact, status, appointed_at, term_ends_at, demo)
            values (@Id, @PanelNumber, @ApplicationId, @Name, @Gender, @BirthDate, @Sector, @Grassroots, @DivisionCode, @Nomination,
                @RecommendingBody, @EmployerUnitId, @RelativeUnitIds, @SealedContact, 'serving', @AppointedAt, @TermEndsAt, @Demo)
            on conflict (id) do nothing
            """, member, ct);

    public static Task<MemberRecord?> FindMemberAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<MemberRecord>($"select {MemberColumns} from members where id = @id" + (forUpdate ? " for update" : ""),
            new { id }, ct);

    public static Task<IReadOnlyList<MemberHistoryRecord>> HistoryAsync(NpgsqlTransaction transaction, Guid memberId, CancellationToken ct) =>
        transaction.ListAsync<MemberHistoryRecord>(
            """
            select kind as Kind, happened_at as HappenedAt, recorded_by as RecordedBy, reason as Reason, term_ends_at as TermEndsAt
            from member_history where member_id = @memberId order by happened_at, id
            """, new { memberId }, ct);

    public static Task SetTermAsync(NpgsqlTransaction transaction, Guid id, string status, DateTimeOffset termEndsAt, CancellationToken ct) =>
        transaction.ExecuteAsync("update members set status = @status, term_ends_at = @termEndsAt, ended_at = null where id = @id",
            new { id, status, termEndsAt = termEndsAt.UtcDateTime }, ct);

    /// <summary>Ends a member's service; false when they were no longer serving (or, for a term end, their term was renewed).</summary>
    public static async Task<bool> EndServiceAsync(NpgsqlTransaction transaction, Guid id, string status, DateTimeOffset at, bool onlyIfTermOver,
        CancellationToken ct) =>
        await transaction.ExecuteAsync(
            "update members set status = @status, ended_at = @at where id = @id and status = 'serving'"
            + (onlyIfTermOver ? " and term_ends_at <= @at" : ""),
            new { id, status, at = at.UtcDateTime }, ct) == 1;

    public static Task AddHistoryAsync(NpgsqlTransaction transaction, Guid memberId, string kind, DateTimeOffset at, string by, string? reason,
        DateTimeOffset? termEndsAt, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into member_history (id, member_id, kind, happened_at, recorded_by, reason, term_ends_at)
            values (@id, @memberId, @kind, @at, @by, @reason, @termEndsAt)
            """, new { id = Guid.CreateVersion7(), memberId, kind, at = at.UtcDateTime, by, reason, termEndsAt = termEndsAt?.UtcDateTime }, ct);
}

/// <summary>A member as appointed (from an application, or generated for the demo city).</summary>
public sealed record NewMember
{
    public required Guid Id { get; init; }
    public required int PanelNumber { get; init; }
    public Guid? ApplicationId { get; init; }
    public required string Name { get; init; }
    public required string Gender { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required string Sector { get; init; }
    public required bool Grassroots { get; init; }
    public required string DivisionCode { get; init; }
    public required string Nomination { get; init; }
    public string? RecommendingBody { get; init; }
    public string? EmployerUnitId { get; init; }
    public required string[] RelativeUnitIds { get; init; }
    public required byte[] SealedContact { get; init; }
    public required DateTime AppointedAt { get; init; }
    public required DateTime TermEndsAt { get; init; }
    public bool Demo { get; init; }
}
