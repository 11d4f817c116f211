using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supervision.Evaluation.Domain;

/// <summary>
/// The panel's rules as data (data/evaluation/panel.json): sectors and which count as grassroots, the grassroots
/// share an appointment must keep, the term, age bands, eligibility rules and the limits of a draw. Checked at startup.
/// </summary>
public sealed record PanelRules
{
    public required int PanelSize { get; init; }
    public required double GrassrootsShareMinimum { get; init; }
    public required int TermYears { get; init; }
    public required IReadOnlyList<Sector> Sectors { get; init; }
    public required IReadOnlyList<AgeBand> AgeBands { get; init; }
    public required IReadOnlyList<EligibilityRule> Eligibility { get; init; }
    public required DrawLimits Draws { get; init; }
    public required ProposalThresholds TargetedProposals { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public Sector? FindSector(string id) => Sectors.FirstOrDefault(s => s.Id == id);

    public bool IsGrassroots(string sector) => FindSector(sector)?.Grassroots == true;

    public string AgeBandOf(int age) => AgeBands.FirstOrDefault(b => age >= b.From && age <= b.To)?.Id ?? "other";

    public static PanelRules Load(string path)
    {
        var rules = JsonSerializer.Deserialize<PanelRules>(File.ReadAllText(path), Json)
                    ?? throw new InvalidOperationException($"{path} holds no panel rules.");
        var problems = rules.Problems();
        return problems.Count == 0 ? rules : throw new InvalidOperationException($"{path}: " + string.Join("; ", problems));
    }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PanelSize < 1) problems.Add("panelSize must be positive");
        if (GrassrootsShareMinimum is <= 0 or > 1) problems.Add("grassrootsShareMinimum must lie in (0, 1]");
        if (TermYears < 1) problems.Add("termYears must be at least 1");
        if (Sectors.Count == 0 || Sectors.Select(s => s.Id).Distinct().Count() != Sectors.Count) problems.Add("sectors must be distinct and not empty");
        if (!Sectors.Any(s => s.Grassroots)) problems.Add("at least one sector must count as grassroots");
        if (AgeBands.Any(b => b.From > b.To)) problems.Add("every age band runs from a lower to a higher age");
        problems.AddRange(Eligibility.Where(r => !EligibilityRule.Known.Contains(r.Rule)).Select(r => $"unknown eligibility rule '{r.Rule}'"));
        if (Draws.MaximumSeats < 1 || Draws.MaximumSubstitutes < 0 || Draws.RecentDrawDays < 0) problems.Add("draw limits must be positive");
        if (TargetedProposals.WindowMonths < 1 || TargetedProposals.MinimumComplaints < 1 || TargetedProposals.MedianMultiple < 0)
        {
            problems.Add("targeted proposals need a window of at least a month, at least one complaint and a median multiple of at least 0");
        }
        return problems;
    }
}

public sealed record Sector(string Id, bool Grassroots);

public sealed record AgeBand(string Id, int From, int To);

/// <summary>One eligibility rule; which fields matter depends on <see cref="Rule"/>.</summary>
public sealed record EligibilityRule
{
    public const string MinimumAge = "minimum-age";
    public const string MaximumAge = "maximum-age";
    public const string ResidentInCity = "resident-in-city";
    public const string NotServingCadreOfEvaluatedUnit = "not-serving-cadre-of-evaluated-unit";

    public static readonly IReadOnlySet<string> Known = new HashSet<string> { MinimumAge, MaximumAge, ResidentInCity, NotServingCadreOfEvaluatedUnit };

    public required string Rule { get; init; }
    public int Years { get; init; }
    public IReadOnlyList<string> EvaluatedUnitKinds { get; init; } = [];
}

public sealed record DrawLimits(int MaximumSeats, int MaximumSubstitutes, int RecentDrawDays);

/// <summary>
/// When a unit is proposed for a targeted evaluation: at least <see cref="MinimumComplaints"/> complaints in the last
/// <see cref="WindowMonths"/> months, and at least <see cref="MedianMultiple"/> times the city's median over the units with a
/// complaint in that window. A unit proposed in the window is not proposed again until the window has passed.
/// </summary>
public sealed record ProposalThresholds(int WindowMonths, int MinimumComplaints, double MedianMultiple);
