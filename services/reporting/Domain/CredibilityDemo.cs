using System.Text.Json;
using Npgsql;
using Supervision.Reference;
using Supervision.Reporting.Data;

namespace Supervision.Reporting.Domain;

/// <summary>
/// At start, records the demo city's credibility results and targets (Reporting:CredibilityDemoPath, set by the AppHost) where
/// the division has none for that year yet: a correction made by staff is never overwritten, and two instances record each once.
/// </summary>
public sealed class CredibilityDemoLoader(NpgsqlDataSource dataSource, CredibilitySurveys surveys, CityDirectory directory, IConfiguration configuration,
    ILogger<CredibilityDemoLoader> logger) : IHostedService
{
    public const string PathSetting = "Reporting:CredibilityDemoPath";
    public const string RecordedBy = "demo-data";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[PathSetting] is not { Length: > 0 } path)
        {
            return;
        }
        var demo = Read(path, surveys.Dimensions, directory);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CredibilityStore.LockDemoAsync(transaction, cancellationToken);
        var recorded = 0;
        foreach (var plan in demo.Results)
        {
            if (await CredibilityStore.FindAsync(transaction, plan.DivisionCode, plan.Year, forUpdate: false, cancellationToken) is null)
            {
                await surveys.RecordAsync(transaction, plan, expectedRevision: 0, reason: "", RecordedBy, cancellationToken);
                recorded++;
            }
        }
        foreach (var (division, year, target) in demo.Targets)
        {
            if (!await CredibilityStore.HasTargetAsync(transaction, division, year, cancellationToken))
            {
                await surveys.SetTargetAsync(transaction, division, year, target, RecordedBy, cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Demo credibility results: {Recorded} of {Count} recorded", recorded, demo.Results.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The demo file, checked with the rules a staff member's record meets: a file that breaks them stops the service.</summary>
    public static (IReadOnlyList<CredibilityResultPlan> Results, IReadOnlyList<(string Division, int Year, CredibilityTargetValues Target)> Targets)
        Read(string path, CredibilityDimensions dimensions, CityDirectory directory)
    {
        var file = JsonSerializer.Deserialize<DemoFile>(File.ReadAllText(path), EventProjections.Json) ?? throw new InvalidOperationException($"{path} is empty.");
        var results = (file.Results ?? []).Select(r => new CredibilityResultPlan(r.DivisionCode ?? "", r.Year, new CredibilityFigures(r.Score,
            r.ProvincialRank, r.RankedPlaces, (r.DimensionScores ?? []).Select(d => new DimensionScore(d.Key, d.Value)).ToList(), file.Source ?? "", ""))).ToList();
        var problems = results.SelectMany(r => CredibilityRules.Problems(r.Figures, dimensions).Select(p => $"{r.DivisionCode} {r.Year}: {p.Field} ({p.Key})"))
            .Concat(results.Where(r => !CredibilityRules.IsSurveyed(directory, r.DivisionCode)).Select(r => $"{r.DivisionCode}: not the city or a county"))
            .ToList();
        if (string.IsNullOrWhiteSpace(file.Source)) problems.Add("source is required");
        var targets = (file.Targets ?? []).Select(t => (t.DivisionCode ?? "", t.Year, new CredibilityTargetValues(t.TargetScore, t.TargetRank))).ToList();
        problems.AddRange(targets.Where(t => !CredibilityRules.IsSurveyed(directory, t.Item1) || t.Item3 is { TargetScore: null, TargetRank: null })
            .Select(t => $"target {t.Item1} {t.Year}: a division surveyed and a score or a rank are needed"));
        return problems.Count == 0 ? (results, targets) : throw new InvalidOperationException($"{path}: {string.Join("; ", problems)}.");
    }

    private sealed record DemoFile(string? Source, List<DemoResult>? Results, List<DemoTarget>? Targets);

    private sealed record DemoResult(string? DivisionCode, int Year, decimal Score, int? ProvincialRank, int? RankedPlaces,
        Dictionary<string, decimal>? DimensionScores);

    private sealed record DemoTarget(string? DivisionCode, int Year, decimal? TargetScore, int? TargetRank);
}
