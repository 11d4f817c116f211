using System.Text.Json;
using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Evaluation.Domain.Scoring;

/// <summary>A session's ranking so far (or final), each scorer's consistency, and the consequences once closed.</summary>
public sealed record SessionRanking(ScoringSessionRecord Session, int ScoreCount, IReadOnlyList<RankedUnit> Ranking,
    IReadOnlyList<ScorerConsistency> Consistency, IReadOnlyList<ConsequenceRecord> Consequences);

/// <summary>
/// Scoring sessions: panel members score the units of a session on a sheet (rules data); the ranking is robust (trimmed mean,
/// ties by median, count, id); closing it stores the final ranking, publishes each unit's place (UnitRanked) and applies the
/// consequence rules of the sheet's subjects (units, or middle-level cadres), each an event, with a durable deadline where it has one.
/// </summary>
public sealed class ScoringSessions(NpgsqlDataSource dataSource, ScoringRules rules, CityDirectory directory, Outbox outbox, TimeProvider time)
    : IDurableTimerHandler
{
    public const string ConsequenceDueTimer = "evaluation.consequence-due";

    public string Kind => ConsequenceDueTimer;

    public async Task<ScoringSessionRecord> OpenAsync(ScoringSheet sheet, string title, IReadOnlyList<string> unitIds, string openedBy, CancellationToken ct,
        Guid? id = null)
    {
        var session = new ScoringSessionRecord
        {
            Id = id ?? Guid.CreateVersion7(), SheetId = sheet.Id, UnitGroup = sheet.Group, Title = title, Status = "open",
            OpenedAt = time.GetUtcNow().UtcDateTime, UnitIds = unitIds.Order(StringComparer.Ordinal).ToArray(),
        };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ScoringStore.InsertSessionAsync(transaction, session, openedBy, ct);
        await transaction.CommitAsync(ct);
        return session;
    }

    /// <summary>
    /// A serving member's score of a unit of an open session: the weighted sum of the criteria. A member out of term, a
    /// unit not in the session or a second score of the same unit is refused.
    /// </summary>
    public async Task<double> ScoreAsync(Guid sessionId, Guid memberId, string unitId, IReadOnlyDictionary<string, double> criteria, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var session = await OpenSessionAsync(transaction, sessionId, ct);
        var sheet = rules.FindSheet(session.SheetId)!;
        if (!session.UnitIds.Contains(unitId))
        {
            throw new DomainRuleException(EvaluationTexts.Words[sheet.ScoresCadres ? "scoring.cadre-not-in-session" : "scoring.unit-not-in-session", unitId]);
        }
        var member = await PanelStore.FindMemberAsync(transaction, memberId, false, ct)
                     ?? throw new RecordNotFoundException(EvaluationTexts.Words["member.not-found"]);
        if (member.Status != MemberStatuses.Serving || member.TermEndsAt <= now.UtcDateTime)
        {
            throw new DomainRuleException(EvaluationTexts.Words["scoring.member-out-of-term", member.PanelNumber]);
        }
        var score = Math.Round(sheet.Criteria.Sum(c => c.Weight * criteria[c.Id]), 4);
        if (!await ScoringStore.InsertScoreAsync(transaction, sessionId, unitId, memberId, member.PanelNumber, JsonSerializer.Serialize(criteria), score, now, ct))
        {
            throw new DomainRuleException(EvaluationTexts.Words["scoring.already-scored", member.PanelNumber, unitId]);
        }
        await transaction.CommitAsync(ct);
        return score;
    }

    public async Task<SessionRanking?> RankingAsync(Guid sessionId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var session = await ScoringStore.FindSessionAsync(transaction, sessionId, false, ct);
        return session is null ? null : await RankingAsync(transaction, session, ct);
    }

    /// <summary>Closes the session once: the ranking is final and every consequence rule that applies becomes an event.</summary>
    public async Task<SessionRanking> CloseAsync(Guid sessionId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var session = await OpenSessionAsync(transaction, sessionId, ct);
        var sheet = rules.FindSheet(session.SheetId)!;
        var ranking = Aggregation.Rank(await ScoringStore.ScoresAsync(transaction, sessionId, ct), rules.TrimmedShare, rules.MinimumScoresPerUnit);
        await ScoringStore.InsertResultsAsync(transaction, sessionId, ranking, ct);
        foreach (var rule in rules.ConsequencesFor(sheet))
        {
            foreach (var subject in rule.AppliesTo(ranking))
            {
                var due = rule.DeadlineDays > 0 ? now.AddDays(rule.DeadlineDays) : (DateTimeOffset?)null;
                var consequence = new ConsequenceRecord(Guid.CreateVersion7(), subject.UnitId, rule.Id, subject.Rank, subject.TrimmedMean, due?.UtcDateTime);
                await ScoringStore.InsertConsequenceAsync(transaction, sessionId, consequence, now, ct);
                if (due is { } dueAt)
                {
                    await DurableTimers.ScheduleAsync(transaction, ConsequenceDueTimer, consequence.Id.ToString(), dueAt, ct: ct);
                }
                if (sheet.ScoresCadres)
                {
                    await outbox.EnqueueAsync(connection, transaction, CadreConsequence(sessionId, consequence, ranking.Count), ct);
                    continue;
                }
                await outbox.EnqueueAsync(connection, transaction, new ConsequenceApplied
                {
                    ConsequenceId = consequence.Id, SessionId = sessionId, UnitId = subject.UnitId, Consequence = rule.Id, Rank = subject.Rank,
                    RankedUnits = ranking.Count, Score = subject.TrimmedMean, DueAt = due,
                }, ct);
            }
        }
        if (!sheet.ScoresCadres)
        {
            // Each unit's final place, for reporting's panel scores; cadres' scores stay with their consequences.
            foreach (var unit in ranking)
            {
                await outbox.EnqueueAsync(connection, transaction, new UnitRanked
                {
                    SessionId = sessionId, SheetId = sheet.Id, Group = sheet.Group, UnitId = unit.UnitId, Rank = unit.Rank,
                    RankedUnits = ranking.Count, Score = unit.TrimmedMean, Scores = unit.Scores, ClosedAt = now,
                }, ct);
            }
        }
        await ScoringStore.CloseSessionAsync(transaction, sessionId, now, ct);
        var closed = await RankingAsync(transaction, (await ScoringStore.FindSessionAsync(transaction, sessionId, false, ct))!, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return closed;
    }

    private CadreConsequenceApplied CadreConsequence(Guid sessionId, ConsequenceRecord consequence, int rankedCadres) => new()
    {
        ConsequenceId = consequence.Id, SessionId = sessionId, CadreId = consequence.UnitId,
        UnitId = directory.FindCadre(consequence.UnitId)?.UnitId ?? "", Consequence = consequence.Consequence, Rank = consequence.UnitRank,
        RankedCadres = rankedCadres, Score = consequence.Score,
    };

    /// <summary>A consequence's deadline arrived: published so the follow-up (inspection, the organization department) can act.</summary>
    public async Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct)
    {
        if (await ScoringStore.FindConsequenceAsync(transaction, Guid.Parse(timer.Subject), ct) is { DueAt: { } due } consequence)
        {
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new ConsequenceDue
            {
                ConsequenceId = consequence.Id, UnitId = consequence.UnitId, Consequence = consequence.Consequence,
                DueAt = new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)),
            }, ct);
        }
    }

    private async Task<SessionRanking> RankingAsync(NpgsqlTransaction transaction, ScoringSessionRecord session, CancellationToken ct)
    {
        var scores = await ScoringStore.ScoresAsync(transaction, session.Id, ct);
        var ranking = Aggregation.Rank(scores, rules.TrimmedShare, rules.MinimumScoresPerUnit);
        return new SessionRanking(session, scores.Count, ranking, Aggregation.Consistency(scores, ranking),
            await ScoringStore.ConsequencesAsync(transaction, session.Id, ct));
    }

    private static async Task<ScoringSessionRecord> OpenSessionAsync(NpgsqlTransaction transaction, Guid sessionId, CancellationToken ct)
    {
        var session = await ScoringStore.FindSessionAsync(transaction, sessionId, forUpdate: true, ct)
                      ?? throw new RecordNotFoundException(EvaluationTexts.Words["scoring.session-not-found"]);
        return session.Status == "open" ? session : throw new DomainRuleException(EvaluationTexts.Words["scoring.session-closed"]);
    }
}
