using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Supervisors;
using Supervision.Reference;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>
/// Loads the demo city's panel and its 37 cadre work supervisors at startup when they are not there yet
/// (Evaluation:LoadDemoPanel). Both instances may try at once: the panel lock lets one load and the other find them loaded.
/// It runs before the service listens.
/// </summary>
public sealed class DemoPanelLoader(NpgsqlDataSource dataSource, IOptions<EvaluationOptions> options, PanelRules rules, CityDirectory directory,
    EvaluationSealer sealer, PanelRecruitment recruitment, CadreWorkSupervisors supervisors, ILogger<DemoPanelLoader> logger) : IHostedService
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
        if (!await transaction.ScalarAsync<bool>("select exists (select 1 from members where demo)", null, ct))
        {
            var members = DemoPanel.Generate(rules, directory);
            foreach (var (member, contact) in members)
            {
                await recruitment.StartTermAsync(transaction, member with { SealedContact = sealer.Seal(contact, member.Id) }, "demo-city", ct);
            }
            logger.LogInformation("Loaded the demo panel: {Members} members", members.Count);
        }
        if (!await transaction.ScalarAsync<bool>("select exists (select 1 from work_supervisors where demo)", null, ct))
        {
            foreach (var (number, appointment) in DemoWorkSupervisors.Generate(directory))
            {
                var id = DemoWorkSupervisors.SupervisorId(number);
                await WorkSupervisorStore.InsertAsync(transaction, supervisors.Record(id, number, appointment,
                    sealer.SealSupervisorContact(appointment.Contact, id), DemoWorkSupervisors.Appointed.AddDays(number).UtcDateTime, demo: true), "demo-city", ct);
            }
            logger.LogInformation("Loaded the demo city's {Supervisors} cadre work supervisors", DemoWorkSupervisors.Count);
        }
        await transaction.CommitAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
