using System.Text.Json;
using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>The demo plans (<c>data/inspection/plans.json</c>): the city's annual plan with its rounds, under fixed ids.</summary>
public sealed record DemoPlanFile(IReadOnlyList<DemoPlanFile.Entry> Plans)
{
    public sealed record Entry(Guid Id, string Kind, int Year, string Title, string CreatedBy, IReadOnlyList<RoundRecord> Rounds);

    public static DemoPlanFile Load(string path) =>
        JsonSerializer.Deserialize<DemoPlanFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidOperationException($"{path} holds no plans.");

    /// <summary>Each plan as the API would accept it: a known kind, rounds for a regular plan only, numbered from 1 and starting later in its year.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        problems.AddRange(Plans.GroupBy(p => p.Id).Where(g => g.Count() > 1).Select(g => $"plan {g.Key} appears twice"));
        foreach (var plan in Plans)
        {
            if (plan.Kind is not (PlanKinds.Regular or PlanKinds.AdHoc)) problems.Add($"{plan.Id}: unknown kind {plan.Kind}");
            if (plan.Kind == PlanKinds.Regular && plan.Rounds.Count == 0) problems.Add($"{plan.Id}: a regular plan has rounds");
            if (plan.Kind == PlanKinds.AdHoc && plan.Rounds.Count > 0) problems.Add($"{plan.Id}: an ad hoc plan has no rounds");
            for (var i = 0; i < plan.Rounds.Count; i++)
            {
                var round = plan.Rounds[i];
                if (round.Number != i + 1) problems.Add($"{plan.Id}: round {i + 1} is numbered {round.Number}");
                if (round.StartsOn.Year != plan.Year) problems.Add($"{plan.Id}: round {round.Number} starts outside {plan.Year}");
                if (i > 0 && round.StartsOn <= plan.Rounds[i - 1].StartsOn) problems.Add($"{plan.Id}: round {round.Number} starts before round {i}");
            }
        }
        return problems;
    }

    public IReadOnlyList<PlanRecord> Records => Plans.Select(p => new PlanRecord(p.Id, p.Kind, p.Year, p.Title, p.Rounds)).ToList();
}

/// <summary>Loads the demo plans at startup, idempotently: a plan already there is kept as it is, so every instance may run it at every start.</summary>
public sealed class DemoPlanSeed(NpgsqlDataSource dataSource, DemoPlanFile file, TimeProvider time, ILogger<DemoPlanSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var (plan, entry) in file.Records.Zip(file.Plans))
        {
            added += await PlanStore.CreateAsync(transaction, plan, entry.CreatedBy, time.GetUtcNow(), cancellationToken) ? 1 : 0;
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Demo plans: {Count} in the file, {Added} new", file.Plans.Count, added);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
