using System.Text.Json;

namespace Supervision.Reporting.Domain;

/// <summary>A dimension the credibility survey scores (data/reporting/credibility-dimensions.json), with its names for people.</summary>
public sealed record SurveyDimension(string Code, string Name, string NameEn);

/// <summary>The survey's dimensions, read and checked at start, in the order people read them.</summary>
public sealed class CredibilityDimensions
{
    public const string FileName = "credibility-dimensions.json";

    private readonly Dictionary<string, int> _order;

    public CredibilityDimensions(IReadOnlyList<SurveyDimension> all)
    {
        All = all;
        _order = all.Select((d, i) => (d.Code, i)).ToDictionary(d => d.Code, d => d.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<SurveyDimension> All { get; }

    public SurveyDimension? Find(string code) => _order.TryGetValue(code, out var index) ? All[index] : null;

    /// <summary>Where a dimension stands in the file; scores are kept and shown in this order.</summary>
    public int OrderOf(string code) => _order.GetValueOrDefault(code, int.MaxValue);

    public static CredibilityDimensions Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var file = JsonSerializer.Deserialize<DimensionsFile>(File.ReadAllText(path), EventProjections.Json)
                   ?? throw new InvalidOperationException($"{path} is empty.");
        var dimensions = (file.Dimensions ?? []).Select(d => new SurveyDimension(d.Code ?? "", d.Name ?? "", d.NameEn ?? "")).ToList();
        var problems = dimensions.SelectMany(Problems).ToList();
        if (dimensions.Count == 0) problems.Add("at least one dimension is needed");
        if (dimensions.DistinctBy(d => d.Code).Count() != dimensions.Count) problems.Add("dimension codes must be distinct");
        return problems.Count == 0 ? new CredibilityDimensions(dimensions) : throw new InvalidOperationException($"{path}: {string.Join("; ", problems)}.");
    }

    private static IEnumerable<string> Problems(SurveyDimension dimension)
    {
        if (dimension.Code.Length is 0 or > 64 || !dimension.Code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return $"dimension '{dimension.Code}': the code must be 1-64 characters of a-z, 0-9 and '-'";
        }
        if (string.IsNullOrWhiteSpace(dimension.Name) || string.IsNullOrWhiteSpace(dimension.NameEn))
        {
            yield return $"dimension '{dimension.Code}': name and nameEn are required";
        }
    }

    private sealed record DimensionsFile(List<DimensionFile>? Dimensions);

    private sealed record DimensionFile(string? Code, string? Name, string? NameEn);
}
