using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>A scoring session as stored.</summary>
public sealed record ScoringSessionRecord
{
    public Guid Id { get; init; }
    public string SheetId { get; init; } = "";
    public string UnitGroup { get; init; } = "";
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime OpenedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public string[] UnitIds { get; init; } = [];
}

/// <summary>A consequence a closed session applied.</summary>
public sealed record ConsequenceRecord(Guid Id, string UnitId, string Consequence, int UnitRank, double Score, DateTime? DueAt);

/// <summary>The scoring sessions' SQL, in the caller's transaction.</summary>
public static class ScoringStore
{
    public static async Task InsertSessionAsync(NpgsqlTransaction transaction, ScoringSessionRecord session, string openedBy, CancellationToken ct)
    {
        await transaction.ExecuteAsync(
            """
            insert into scoring_sessions (id, sheet_id, unit_group, title, status, opened_at, opened_by)
            values (@Id, @SheetId, @UnitGroup, @Title, 'open', @OpenedAt, @openedBy)
            """, new { session.Id, session.SheetId, session.UnitGroup, session.Title, session.OpenedAt, openedBy }, ct);
        await transaction.ExecuteAsync("insert into session_units (session_id, unit_id) select @id, unnest(@units)",
            new { id = session.Id, units = session.UnitIds }, ct);
    }

    public static Task<ScoringSessionRecord?> FindSessionAsync(NpgsqlTransaction transaction, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<ScoringSessionRecord>(
            """
            select id as Id, sheet_id as SheetId, unit_group as UnitGroup, title as Title, status as Status, opened_at as OpenedAt,
                   closed_at as ClosedAt, array(select unit_id from session_units u where u.session_id = s.id order by unit_id) as UnitIds
            from scoring_sessions s where id = @id
            """ + (forUpdate ? " for update" : ""), new { id }, ct);

    /// <summary>Records a member's score of a unit; false when the member already scored it in this session.</summary>
    public static async Task<bool> InsertScoreAsync(NpgsqlTransaction transaction, Guid sessionId, string unitId, Guid memberId, int panelNumber,
        string criteriaJson, double score, DateTimeOffset at, CancellationToken ct) =>
        await transaction.ExecuteAsync(
            """
            insert into unit_scores (session_id, unit_id, member_id, panel_number, criteria, score, scored_at)
            values (@sessionId, @unitId, @memberId, @panelNumber, @criteriaJson::jsonb, @score, @at)
            on conflict do nothing
            """, new { sessionId, unitId, memberId, panelNumber, criteriaJson, score, at = at.UtcDateTime }, ct) == 1;

    public static Task<IReadOnlyList<Domain.Scoring.UnitScore>> ScoresAsync(NpgsqlTransaction transaction, Guid sessionId, CancellationToken ct) =>
        transaction.ListAsync<Domain.Scoring.UnitScore>(
            "select unit_id as UnitId, panel_number as PanelNumber, score as Score from unit_scores where session_id = @sessionId order by unit_id, panel_number",
            new { sessionId }, ct);

    public static Task CloseSessionAsync(NpgsqlTransaction transaction, Guid id, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync("update scoring_sessions set status = 'closed', closed_at = @at where id = @id", new { id, at = at.UtcDateTime }, ct);

    public static Task InsertConsequenceAsync(NpgsqlTransaction transaction, Guid sessionId, ConsequenceRecord consequence, DateTimeOffset at,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into consequences (id, session_id, unit_id, consequence, unit_rank, score, due_at, applied_at)
            values (@Id, @sessionId, @UnitId, @Consequence, @UnitRank, @Score, @DueAt, @at)
            """, new { consequence.Id, sessionId, consequence.UnitId, consequence.Consequence, consequence.UnitRank, consequence.Score, consequence.DueAt, at = at.UtcDateTime }, ct);

    public static Task<IReadOnlyList<ConsequenceRecord>> ConsequencesAsync(NpgsqlTransaction transaction, Guid sessionId, CancellationToken ct) =>
        transaction.ListAsync<ConsequenceRecord>(
            """
            select id as Id, unit_id as UnitId, consequence as Consequence, unit_rank as UnitRank, score as Score, due_at as DueAt
            from consequences where session_id = @sessionId order by unit_rank, consequence
            """, new { sessionId }, ct);

    public static Task<ConsequenceRecord?> FindConsequenceAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        transaction.SingleOrDefaultAsync<ConsequenceRecord>(
            """
            select id as Id, unit_id as UnitId, consequence as Consequence, unit_rank as UnitRank, score as Score, due_at as DueAt
            from consequences where id = @id
            """, new { id }, ct);

    /// <summary>The final ranking, written once when the session closes.</summary>
    public static Task InsertResultsAsync(NpgsqlTransaction transaction, Guid sessionId, IReadOnlyList<Domain.Scoring.RankedUnit> ranking, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into session_results (session_id, subject_id, rank, trimmed_mean, median, scores)
            select @sessionId, unnest(@subjects), unnest(@ranks), unnest(@means), unnest(@medians), unnest(@counts)
            """,
            new
            {
                sessionId, subjects = ranking.Select(r => r.UnitId).ToArray(), ranks = ranking.Select(r => r.Rank).ToArray(),
                means = ranking.Select(r => r.TrimmedMean).ToArray(), medians = ranking.Select(r => r.Median).ToArray(),
                counts = ranking.Select(r => r.Scores).ToArray(),
            }, ct);

    /// <summary>Every final place in a session of one of <paramref name="sheetIds"/> closed in [from, to).</summary>
    public static Task<IReadOnlyList<Domain.Scoring.SessionResult>> ResultsClosedBetweenAsync(NpgsqlTransaction transaction, IReadOnlyList<string> sheetIds,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        transaction.ListAsync<Domain.Scoring.SessionResult>(
            """
            select s.id as SessionId, s.sheet_id as SheetId, r.subject_id as UnitId, r.rank as Rank, r.trimmed_mean as Score
            from scoring_sessions s join session_results r on r.session_id = s.id
            where s.status = 'closed' and s.closed_at >= @from and s.closed_at < @to and s.sheet_id = any(@sheetIds)
            order by s.closed_at, s.id, r.rank
            """, new { sheetIds = sheetIds.ToArray(), from = from.UtcDateTime, to = to.UtcDateTime }, ct);
}
