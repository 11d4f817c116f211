using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Evaluation.Domain.Draws;

/// <summary>A proposal, and the draw committed when it was accepted.</summary>
public sealed record DecidedProposal(TargetedProposalRecord Proposal, DrawView? Draw);

/// <summary>
/// Targeted-evaluation proposals (定向评议) for units with many complaints. Each complaint counted (a report about the unit that
/// routing opened a case for) checks the unit against the rules' thresholds; a unit over them is proposed once per window.
/// Staff accept a proposal, which commits a draw for the unit in the same transaction, or dismiss it with a reason.
/// </summary>
public sealed class TargetedProposals(NpgsqlDataSource dataSource, PanelRules rules, CityDirectory directory, TargetedDraws draws, Outbox outbox,
    TimeProvider time)
{
    /// <summary>Intake received a report about <paramref name="unitIds"/>; it counts once routing has opened a case for it.</summary>
    public async Task ReportReceivedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId, IReadOnlyList<string> unitIds,
        DateTimeOffset receivedAt, CancellationToken ct)
    {
        if (await ProposalStore.ReceivedAsync(transaction, reportId, unitIds, receivedAt, ct) is { Length: > 0 } counted)
        {
            await ComplaintCountedAsync(connection, transaction, counted, ct);
        }
    }

    /// <summary>Routing opened a case for the report (or joined it to one); it counts once intake's event has come too.</summary>
    public async Task CaseOpenedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId, Guid caseId, DateTimeOffset at,
        CancellationToken ct)
    {
        if (await ProposalStore.OpenedAsync(transaction, reportId, caseId, at, ct) is { Length: > 0 } counted)
        {
            await ComplaintCountedAsync(connection, transaction, counted, ct);
        }
    }

    /// <summary>A complaint about <paramref name="unitIds"/> was counted: propose each unit now over the thresholds, once.</summary>
    private async Task ComplaintCountedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> unitIds,
        CancellationToken ct)
    {
        var thresholds = rules.TargetedProposals;
        var now = time.GetUtcNow();
        var since = now.AddMonths(-thresholds.WindowMonths);
        foreach (var unit in unitIds.Select(directory.FindUnit).OfType<Unit>())
        {
            if (await ProposalStore.ProposedSinceAsync(transaction, unit.Id, since, ct))
            {
                continue;
            }
            var complaints = (int)await ProposalStore.CountAsync(transaction, unit.Id, since, ct);
            if (complaints < thresholds.MinimumComplaints)
            {
                continue;
            }
            var median = await ProposalStore.CityMedianAsync(transaction, since, ct);
            if (complaints < thresholds.MedianMultiple * median)
            {
                continue;
            }
            var proposal = new TargetedProposalRecord
            {
                Id = Guid.CreateVersion7(), UnitId = unit.Id, DivisionCode = unit.DivisionCode, Complaints = complaints, CityMedian = median,
                WindowMonths = thresholds.WindowMonths, Status = "proposed", ProposedAt = now.UtcDateTime,
            };
            if (await ProposalStore.TryInsertAsync(transaction, proposal, ct))
            {
                await outbox.EnqueueAsync(connection, transaction, new TargetedEvaluationProposed
                {
                    ProposalId = proposal.Id, UnitId = unit.Id, Complaints = complaints, CityMedian = median, WindowMonths = thresholds.WindowMonths,
                    ProposedAt = now,
                }, ct);
            }
        }
    }

    public async Task<TargetedProposalRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await ProposalStore.FindAsync(transaction, id, false, ct);
    }

    public async Task<IReadOnlyList<TargetedProposalRecord>> ListAsync(IReadOnlyList<string>? divisions, string? status, (DateTime At, Guid Id)? before,
        int size, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await ProposalStore.ListAsync(transaction, divisions, status, before, size, ct);
    }

    /// <summary>Accepts the proposal: a draw for its unit is committed with it (published roster hash and commitment).</summary>
    public Task<DecidedProposal> AcceptAsync(Guid id, int seats, int substitutes, string purpose, string decidedBy, CancellationToken ct) =>
        DecideAsync(id, decidedBy, async (connection, transaction, proposal, now) =>
        {
            var draw = await draws.CommitAsync(connection, transaction, proposal.UnitId, seats, substitutes, purpose, decidedBy, ct);
            await ProposalStore.DecideAsync(transaction, id, "accepted", now, decidedBy, null, draw.Id, ct);
            return new DrawView(draw, []);
        }, ct);

    public Task<DecidedProposal> DismissAsync(Guid id, string reason, string decidedBy, CancellationToken ct) =>
        DecideAsync(id, decidedBy, async (_, transaction, _, now) =>
        {
            await ProposalStore.DecideAsync(transaction, id, "dismissed", now, decidedBy, reason, null, ct);
            return null;
        }, ct);

    private async Task<DecidedProposal> DecideAsync(Guid id, string decidedBy,
        Func<NpgsqlConnection, NpgsqlTransaction, TargetedProposalRecord, DateTimeOffset, Task<DrawView?>> decide, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var proposal = await ProposalStore.FindAsync(transaction, id, true, ct)
                       ?? throw new RecordNotFoundException(EvaluationTexts.Words["proposal.not-found"]);
        if (proposal.Status != "proposed")
        {
            throw new DomainRuleException(EvaluationTexts.Words[proposal.Status == "accepted" ? "proposal.already-accepted" : "proposal.already-dismissed"]);
        }
        var draw = await decide(connection, transaction, proposal, now);
        var decided = (await ProposalStore.FindAsync(transaction, id, false, ct))!;
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return new DecidedProposal(decided, draw);
    }
}
