using Microsoft.Extensions.Options;
using Dapper;
using Npgsql;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Reference;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>
/// Loads the demo city's finished evaluation at startup (with the demo panel, Evaluation:LoadDemoPanel), step by step through
/// the same domain as the API: commit and reveal the draw, open the session, the drawn members' scores, the close with its
/// ranking and consequences. Each step looks for what is already there, so a start after a crash finishes the rest. Both
/// instances may try at once: a session-level advisory lock lets one load while the other waits and then finds it done.
/// </summary>
public sealed class DemoEvaluationLoader(NpgsqlDataSource dataSource, IOptions<EvaluationOptions> options, TargetedDraws draws,
    ScoringSessions sessions, ScoringRules rules, ILogger<DemoEvaluationLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.LoadDemoPanel)
        {
            return;
        }
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        // Polling the lock keeps every statement short: the waiting instance never outlasts a command timeout.
        while (!await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(hashtext('evaluation.demo-evaluation'))", cancellationToken: ct)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
        try
        {
            await LoadAsync(ct);
        }
        finally
        {
            await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_advisory_unlock(hashtext('evaluation.demo-evaluation'))"));
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var (status, scored) = await SessionStateAsync(ct);
        if (status == "closed")
        {
            return;
        }
        var (drawId, drawStatus) = await DemoDrawAsync(ct);
        if (drawId is null)
        {
            drawId = (await draws.CommitAsync(DemoEvaluation.Units[0].UnitId, DemoEvaluation.Seats, DemoEvaluation.Substitutes,
                DemoEvaluation.DrawPurpose, DemoEvaluation.LoadedBy, ct)).Draw.Id;
            drawStatus = "committed";
        }
        var draw = drawStatus == "committed"
            ? await draws.RevealAsync(drawId.Value, DemoEvaluation.PublicEntropy, DemoEvaluation.LoadedBy, ct)
            : (await draws.FindAsync(drawId.Value, ct))!;
        var sheet = rules.FindSheet(DemoEvaluation.SheetId)!;
        if (status is null)
        {
            await sessions.OpenAsync(sheet, DemoEvaluation.Title, DemoEvaluation.Units.Select(u => u.UnitId).ToList(), DemoEvaluation.LoadedBy, ct,
                DemoEvaluation.SessionId);
        }
        foreach (var seat in draw.Seats.Where(s => s.Role == "selected"))
        {
            foreach (var (unitId, quality) in DemoEvaluation.Units.Where(u => !scored.Contains((u.UnitId, seat.MemberId))))
            {
                try
                {
                    await sessions.ScoreAsync(DemoEvaluation.SessionId, seat.MemberId, unitId, DemoEvaluation.Criteria(sheet, seat.PanelNumber, unitId, quality), ct);
                }
                catch (DomainRuleException) when (scored.Count > 0)
                {
                    // Finishing an interrupted load: a member who left the panel meanwhile no longer scores; the others do.
                }
            }
        }
        var closed = await sessions.CloseAsync(DemoEvaluation.SessionId, ct);
        logger.LogInformation("Loaded the demo evaluation: draw {DrawId}, {Scores} scores, {Consequences} consequences", drawId, closed.ScoreCount,
            closed.Consequences.Count);
    }

    private async Task<(string? Status, HashSet<(string UnitId, Guid MemberId)> Scored)> SessionStateAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var session = await ScoringStore.FindSessionAsync(transaction, DemoEvaluation.SessionId, false, ct);
        var scored = await transaction.ListAsync<(string, Guid)>("select unit_id, member_id from unit_scores where session_id = @id",
            new { id = DemoEvaluation.SessionId }, ct);
        return (session?.Status, scored.ToHashSet());
    }

    private async Task<(Guid? Id, string? Status)> DemoDrawAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var draw = (await transaction.ListAsync<(Guid, string)>("select id, status from draws where committed_by = @by order by committed_at limit 1",
            new { by = DemoEvaluation.LoadedBy }, ct)).FirstOrDefault();
        return draw == default ? (null, null) : (draw.Item1, draw.Item2);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
