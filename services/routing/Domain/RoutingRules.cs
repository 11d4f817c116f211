using System.Text.Json;
using Supervision.Contracts;

namespace Supervision.Routing.Domain;

/// <summary>
/// Routing rules as data (data/routing/rules.json): the directory's unit kinds, which kind handles each
/// category (horizontal triage), which level each management authority belongs to (vertical transfer),
/// which kind keeps the dispatch queue and which kind a missed deadline at the city escalates to.
/// </summary>
public sealed record RoutingRules(
    IReadOnlyList<string> UnitKinds,
    string DispatchUnitKind,
    string EscalationUnitKind,
    IReadOnlyList<HandlingRule> HandlingRules,
    IReadOnlyDictionary<string, string> AuthorityLevels,
    int MaxTransfers)
{
    /// <summary>The accountability measures a (partly) substantiated outcome may record, by kind.</summary>
    public IReadOnlyList<AccountabilityMeasureKind> AccountabilityMeasureKinds { get; init; } = [];

    public AccountabilityMeasureKind? MeasureKind(string kind) => AccountabilityMeasureKinds.FirstOrDefault(k => k.Kind == kind);

    public const string CityLevel = "city";
    public const string CountyLevel = "county";
    /// <summary>Managed by the cadre's own unit (middle-level cadres): the level of that unit.</summary>
    public const string OwnUnitLevel = "own-unit";

    public HandlingRule For(ReportCategory category) =>
        HandlingRules.FirstOrDefault(r => r.Category == CategoryName(category))
        ?? throw new InvalidOperationException($"No handling rule for category {CategoryName(category)}.");

    /// <summary>"cadre-selection-and-appointment" for CadreSelectionAndAppointment: the names rules and APIs use.</summary>
    public static string CategoryName(ReportCategory category) =>
        string.Concat(category.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static RoutingRules Load(string path)
    {
        using var stream = File.OpenRead(path);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true };
        var rules = JsonSerializer.Deserialize<RoutingRules>(stream, options)
                    ?? throw new InvalidOperationException($"{path} holds no routing rules.");
        if (rules.UnitKinds is null or { Count: 0 } || rules.HandlingRules is null || rules.AuthorityLevels is null)
        {
            throw new InvalidOperationException($"{path} must list unitKinds, handlingRules and authorityLevels.");
        }
        var named = rules.HandlingRules.SelectMany(r => r.CoUnitKinds.Prepend(r.LeadUnitKind))
            .Append(rules.DispatchUnitKind).Append(rules.EscalationUnitKind);
        var unknown = named.Where(kind => !rules.UnitKinds.Contains(kind)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{path} names unit kinds that are not in unitKinds: {string.Join(", ", unknown.Select(k => k is null ? "(missing)" : $"'{k}'"))}.");
        }
        var missing = Enum.GetValues<ReportCategory>().Select(CategoryName).Except(rules.HandlingRules.Select(r => r.Category)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{path} has no handling rule for {string.Join(", ", missing)}.");
        }
        var levels = rules.AuthorityLevels.Values.Except([CityLevel, CountyLevel, OwnUnitLevel]).ToList();
        if (levels.Count > 0 || rules.MaxTransfers < 1)
        {
            throw new InvalidOperationException($"{path}: levels must be city, county or own-unit and maxTransfers at least 1.");
        }
        if (rules.AccountabilityMeasureKinds is null or { Count: 0 }
            || rules.AccountabilityMeasureKinds.Any(k => string.IsNullOrWhiteSpace(k.Kind) || string.IsNullOrWhiteSpace(k.Name))
            || rules.AccountabilityMeasureKinds.DistinctBy(k => k.Kind).Count() != rules.AccountabilityMeasureKinds.Count)
        {
            throw new InvalidOperationException($"{path} must list accountabilityMeasureKinds, each with a distinct kind and a name.");
        }
        return rules;
    }
}

/// <summary>The lead unit kind for a category, and the kinds that handle it jointly.</summary>
public sealed record HandlingRule(string Category, string LeadUnitKind, IReadOnlyList<string> CoUnitKinds);

/// <summary>A kind of accountability measure: its id in the API and its name as people read it (诫勉谈话).</summary>
public sealed record AccountabilityMeasureKind(string Kind, string Name);
