using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Evaluation.Domain;
using Supervision.Reference;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>
/// Loads the demo city's panel at startup when it is not there yet (Evaluation:LoadDemoPanel). Both instances may try at
/// once: the panel lock lets one load and the other find it loaded. It runs before the service listens.
/// </summary>
public sealed class DemoPanelLoader(NpgsqlDataSource dataSource, IOptions<EvaluationOptions> options, PanelRules rules, CityDirectory directory,
    EvaluationSealer sealer, PanelRecruitment recruitment, ILogger<DemoPanelLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.LoadDemoPanel)
        {
            return;
        }
        // The instance that waits for the other's load may outlast a command timeout on a busy machine: it tries
        // again (and then finds the panel loaded) instead of failing the start.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LoadAsync(ct);
                return;
            }
            catch (Exception ex) when (attempt < 20 && ex is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("The demo panel could not be loaded yet (attempt {Attempt}): {Reason}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), ct);
            }
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PanelStore.LockPanelAsync(transaction, ct);
        if (await transaction.ScalarAsync<bool>("select exists (select 1 from members where demo)", null, ct))
        {
            return;
        }
        var members = DemoPanel.Generate(rules, directory);
        foreach (var (member, contact) in members)
        {
            await recruitment.StartTermAsync(transaction, member with { SealedContact = sealer.Seal(contact, member.Id) }, "demo-city", ct);
        }
        await transaction.CommitAsync(ct);
        logger.LogInformation("Loaded the demo panel: {Members} members", members.Count);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
