using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>A draw row as published (the sealed seed is never read here).</summary>
public sealed record DrawRecord
{
    public Guid Id { get; init; }
    public string UnitId { get; init; } = "";
    public string Purpose { get; init; } = "";
    public int Seats { get; init; }
    public int Substitutes { get; init; }
    public string Algorithm { get; init; } = "";
    public double GrassrootsShareMinimum { get; init; }
    public string[] Roster { get; init; } = [];
    public string RosterHash { get; init; } = "";
    public string Commitment { get; init; } = "";
    public string Excluded { get; init; } = "{}";
    public string Status { get; init; } = "";
    public DateTime CommittedAt { get; init; }
    public string? PublicEntropy { get; init; }
    public string? Seed { get; init; }
    public DateTime? RevealedAt { get; init; }
}

/// <summary>A seat or a substitute of a revealed draw.</summary>
public sealed record DrawSeatRecord(int PanelNumber, Guid MemberId, string Role, bool Grassroots, int Position, DateTime? ReleasedAt,
    string? ReleasedReason, int? Replaces);

/// <summary>A member who may be drawn for a unit, with what could exclude them.</summary>
public sealed record DrawCandidate
{
    public Guid MemberId { get; init; }
    public int PanelNumber { get; init; }
    public bool Grassroots { get; init; }
    public string DivisionCode { get; init; } = "";
    public string? EmployerUnitId { get; init; }
    public string[] RelativeUnitIds { get; init; } = [];
    public bool DrawnRecently { get; init; }
}

/// <summary>The draws' SQL; writes run in the caller's transaction.</summary>
public static class DrawStore
{
    private const string DrawColumns =
        """
        id as Id, unit_id as UnitId, purpose as Purpose, seats as Seats, substitutes as Substitutes, algorithm as Algorithm,
        grassroots_share_minimum as GrassrootsShareMinimum, roster as Roster, roster_hash as RosterHash, commitment as Commitment,
        excluded::text as Excluded, status as Status, committed_at as CommittedAt, public_entropy as PublicEntropy, seed as Seed,
        revealed_at as RevealedAt
        """;

    /// <summary>Members serving at <paramref name="now"/>, and whether each sat in a draw revealed since <paramref name="recentSince"/>.</summary>
    public static Task<IReadOnlyList<DrawCandidate>> CandidatesAsync(NpgsqlTransaction transaction, DateTimeOffset now, DateTimeOffset recentSince,
        CancellationToken ct) =>
        transaction.ListAsync<DrawCandidate>(
            """
            select m.id as MemberId, m.panel_number as PanelNumber, m.grassroots as Grassroots, m.division_code as DivisionCode,
                   m.employer_unit_id as EmployerUnitId, m.relative_unit_ids as RelativeUnitIds,
                   exists (select 1 from draw_seats s join draws d on d.id = s.draw_id
                           where s.member_id = m.id and s.role = 'selected' and s.released_at is null and d.revealed_at >= @recentSince) as DrawnRecently
            from members m where m.status = 'serving' and m.term_ends_at > @now
            order by m.panel_number
            """, new { now = now.UtcDateTime, recentSince = recentSince.UtcDateTime }, ct);

    public static async Task<IReadOnlyDictionary<int, Guid>> MemberIdsAsync(NpgsqlTransaction transaction, int[] panelNumbers, CancellationToken ct) =>
        (await transaction.ListAsync<(int PanelNumber, Guid Id)>("select panel_number, id from members where panel_number = any(@panelNumbers)",
            new { panelNumbers }, ct)).ToDictionary(m => m.PanelNumber, m => m.Id);

    public static Task InsertAsync(NpgsqlTransaction transaction, DrawRecord draw, byte[] sealedSeed, string committedBy, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into draws (id, unit_id, purpose, seats, substitutes, algorithm, grassroots_share_minimum, roster, roster_hash, commitment,
                sealed_seed, excluded, status, committed_at, committed_by)
            values (@Id, @UnitId, @Purpose, @Seats, @Substitutes, @Algorithm, @GrassrootsShareMinimum, @Roster, @RosterHash, @Commitment,
                @sealedSeed, @Excluded::jsonb, 'committed', @CommittedAt, @committedBy)
            """,
            new
            {
                draw.Id, draw.UnitId, draw.Purpose, draw.Seats, draw.Substitutes, draw.Algorithm, draw.GrassrootsShareMinimum, draw.Roster,
                draw.RosterHash, draw.Commitment, sealedSeed, draw.Excluded, draw.CommittedAt, committedBy,
            }, ct);

    public static Task<DrawRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<DrawRecord>($"select {DrawColumns} from draws where id = @id" + (forUpdate ? " for update" : ""), new { id }, ct);

    public static Task<byte[]?> SealedSeedAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.ScalarAsync<byte[]>("select sealed_seed from draws where id = @id", new { id }, ct);

    public static Task RevealAsync(NpgsqlTransaction transaction, Guid id, string seed, string publicEntropy, DateTimeOffset at, string by,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            update draws set status = 'revealed', seed = @seed, public_entropy = @publicEntropy, revealed_at = @at, revealed_by = @by
            where id = @id
            """, new { id, seed, publicEntropy, at = at.UtcDateTime, by }, ct);

    public static Task AddSeatAsync(NpgsqlTransaction transaction, Guid drawId, DrawSeatRecord seat, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into draw_seats (draw_id, panel_number, member_id, role, grassroots, position, replaces)
            values (@drawId, @PanelNumber, @MemberId, @Role, @Grassroots, @Position, @Replaces)
            """, new { drawId, seat.PanelNumber, seat.MemberId, seat.Role, seat.Grassroots, seat.Position, seat.Replaces }, ct);

    public static Task<IReadOnlyList<DrawSeatRecord>> SeatsAsync(NpgsqlTransaction transaction, Guid drawId, CancellationToken ct) =>
        transaction.ListAsync<DrawSeatRecord>(
            """
            select panel_number as PanelNumber, member_id as MemberId, role as Role, grassroots as Grassroots, position as Position,
                   released_at as ReleasedAt, released_reason as ReleasedReason, replaces as Replaces
            from draw_seats where draw_id = @drawId order by role = 'substitute', position
            """, new { drawId }, ct);

    public static Task ReleaseAsync(NpgsqlTransaction transaction, Guid drawId, int panelNumber, string reason, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            "update draw_seats set released_at = @at, released_reason = @reason where draw_id = @drawId and panel_number = @panelNumber",
            new { drawId, panelNumber, reason, at = at.UtcDateTime }, ct);

    /// <summary>Seats the substitute: from now on they hold the seat of <paramref name="replaces"/>.</summary>
    public static Task SeatSubstituteAsync(NpgsqlTransaction transaction, Guid drawId, int panelNumber, int replaces, CancellationToken ct) =>
        transaction.ExecuteAsync(
            "update draw_seats set role = 'selected', replaces = @replaces where draw_id = @drawId and panel_number = @panelNumber",
            new { drawId, panelNumber, replaces }, ct);
}
