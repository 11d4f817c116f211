using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Evaluation.Domain;

/// <summary>
/// A member's term: renewed for another full term, ended by resignation, or ended by its durable timer. A member out of term
/// is neither drawn nor scores, because every draw and score reads only members serving at that moment.
/// </summary>
public sealed class PanelTerms(NpgsqlDataSource dataSource, PanelRules rules, Outbox outbox, TimeProvider time) : IDurableTimerHandler
{
    public const string TermEndTimer = "evaluation.term-end";

    public string Kind => TermEndTimer;

    /// <summary>
    /// Renews the term: a serving member's runs on from its current end, a member whose term ended starts a new one today
    /// (and, back among the serving, must fit the quota). A member who resigned applies again.
    /// </summary>
    public async Task<MemberRecord> RenewAsync(Guid memberId, string? reason, string recordedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PanelStore.LockPanelAsync(transaction, ct);
        var member = await FindAsync(transaction, memberId, ct);
        var serving = member.Status == MemberStatuses.Serving && member.TermEndsAt > now.UtcDateTime;
        if (member.Status == MemberStatuses.Resigned)
        {
            throw new DomainRuleException(EvaluationTexts.Words["member.renew-resigned"]);
        }
        if (!serving)
        {
            var (grassroots, total) = await PanelStore.ServingCountsAsync(transaction, now, ct);
            PanelQuota.RequireRoomFor(member.Sector, rules, grassroots, total);
        }
        var termEndsAt = (serving ? new DateTimeOffset(member.TermEndsAt, TimeSpan.Zero) : now).AddYears(rules.TermYears);
        await PanelStore.SetTermAsync(transaction, memberId, MemberStatuses.Serving, termEndsAt, ct);
        await PanelStore.AddHistoryAsync(transaction, memberId, "renewed", now, recordedBy, reason, termEndsAt, ct);
        await DurableTimers.RescheduleAsync(transaction, TermEndTimer, memberId.ToString(), termEndsAt, ct: ct);
        await outbox.EnqueueAsync(connection, transaction, new MemberTermRenewed { MemberId = memberId, RenewedAt = now, TermEndsAt = termEndsAt }, ct);
        var renewed = (await PanelStore.FindMemberAsync(transaction, memberId, false, ct))!;
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return renewed;
    }

    public async Task<MemberRecord> ResignAsync(Guid memberId, string reason, string recordedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var member = await FindAsync(transaction, memberId, ct);
        if (!await PanelStore.EndServiceAsync(transaction, memberId, MemberStatuses.Resigned, now, onlyIfTermOver: false, ct))
        {
            throw new DomainRuleException(EvaluationTexts.Words["member.not-serving", member.Status]);
        }
        await PanelStore.AddHistoryAsync(transaction, memberId, "resigned", now, recordedBy, reason, null, ct);
        await DurableTimers.CancelAsync(transaction, TermEndTimer, memberId.ToString(), ct);
        await outbox.EnqueueAsync(connection, transaction, new MemberResigned { MemberId = memberId, ResignedAt = now }, ct);
        var resigned = (await PanelStore.FindMemberAsync(transaction, memberId, false, ct))!;
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return resigned;
    }

    /// <summary>The term-end timer: the member stops serving, unless a renewal moved the term on meanwhile.</summary>
    public async Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct)
    {
        var memberId = Guid.Parse(timer.Subject);
        var now = time.GetUtcNow();
        if (await PanelStore.EndServiceAsync(transaction, memberId, MemberStatuses.TermEnded, now, onlyIfTermOver: true, ct))
        {
            await PanelStore.AddHistoryAsync(transaction, memberId, "term-ended", now, "term-end-timer", null, null, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new MemberTermEnded { MemberId = memberId, EndedAt = now }, ct);
        }
    }

    private static async Task<MemberRecord> FindAsync(NpgsqlTransaction transaction, Guid memberId, CancellationToken ct) =>
        await PanelStore.FindMemberAsync(transaction, memberId, forUpdate: true, ct)
        ?? throw new RecordNotFoundException(EvaluationTexts.Words["member.not-found"]);
}
