using System.Text.Json;
using Npgsql;
using Supervision.Inspection.Domain;
using Supervision.Reference;

namespace Supervision.Inspection.Data;

/// <summary>The pool file (<c>data/inspection/inspectors.json</c>): inspectors with postings and relatives.</summary>
public sealed record InspectorPoolFile(IReadOnlyList<InspectorPoolFile.Entry> Inspectors)
{
    public sealed record Entry(string Id, string Name, string? CadreId, string HomeDivisionCode, IReadOnlyList<PostingEntry> Postings,
        IReadOnlyList<RelativeRecord> Relatives);

    public sealed record PostingEntry(string UnitId, string Post, DateOnly From, DateOnly? To);

    public static InspectorPoolFile Load(string path) =>
        JsonSerializer.Deserialize<InspectorPoolFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidOperationException($"{path} holds no inspectors.");

    public IReadOnlyList<InspectorRecord> Records => Inspectors
        .Select(i => new InspectorRecord(i.Id, i.Name, i.CadreId, i.HomeDivisionCode,
            i.Postings.Select(p => new PostingRecord(p.UnitId, p.Post, p.From, p.To)).ToList(), i.Relatives))
        .ToList();

    /// <summary>Every unit, division, cadre and relative kind the file names exists; ids are unique.</summary>
    public IReadOnlyList<string> Problems(CityDirectory directory, InspectionRules rules)
    {
        var problems = new List<string>();
        problems.AddRange(Inspectors.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => $"inspector {g.Key} appears twice"));
        foreach (var inspector in Inspectors)
        {
            if (directory.FindDivision(inspector.HomeDivisionCode) is null) problems.Add($"{inspector.Id}: unknown home division {inspector.HomeDivisionCode}");
            if (inspector.CadreId is { } cadre && directory.FindCadre(cadre) is null) problems.Add($"{inspector.Id}: unknown cadre {cadre}");
            problems.AddRange(inspector.Postings.Where(p => directory.FindUnit(p.UnitId) is null).Select(p => $"{inspector.Id}: unknown unit {p.UnitId}"));
            problems.AddRange(inspector.Postings.Where(p => p.To < p.From).Select(p => $"{inspector.Id}: posting at {p.UnitId} ends before it starts"));
            problems.AddRange(inspector.Relatives.Where(r => directory.FindUnit(r.UnitId) is null).Select(r => $"{inspector.Id}: unknown unit {r.UnitId}"));
            problems.AddRange(inspector.Relatives.Where(r => !InspectionRules.LawRelativeKinds.Contains(r.Kind))
                .Select(r => $"{inspector.Id}: relative kind {r.Kind} is not in the civil service law's list"));
        }
        return problems;
    }
}

/// <summary>
/// Loads the pool file into the database at startup, idempotently: rows already there are kept (relatives declared
/// since are never removed), so every instance may run it at every start.
/// </summary>
public sealed class InspectorPoolSeed(NpgsqlDataSource dataSource, InspectorPoolFile pool, ILogger<InspectorPoolSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var inspector in pool.Records)
        {
            added += await InspectorStore.AddInspectorAsync(transaction, inspector, cancellationToken);
            foreach (var posting in inspector.Postings)
            {
                await InspectorStore.AddPostingAsync(transaction, inspector.Id, posting, cancellationToken);
            }
            foreach (var relative in inspector.Relatives)
            {
                await InspectorStore.AddRelativeAsync(transaction, inspector.Id, relative, DateTimeOffset.UnixEpoch, cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Inspector pool: {Count} inspectors in the file, {Added} new", pool.Inspectors.Count, added);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
