using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Localization;
using Supervision.Reference;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Tests;

/// <summary>The real demo-city directory and routing rules, so the tests route exactly as the service does.</summary>
internal static class TestData
{
    public const string CityCode = "370800";

    private static readonly Lazy<CityDirectory> LoadedDirectory = new(() => CityDirectory.Load(FindFile("data/demo-city/jining.json")));
    private static readonly Lazy<RoutingRules> LoadedRules = new(() => RoutingRules.Load(RulesPath));

    public static CityDirectory Directory => LoadedDirectory.Value;

    /// <summary>Stored words as an English reader reads them (units by their English names).</summary>
    public static string English(Phrase phrase) => phrase.In(Phrase.English, Directory);

    /// <summary>Stored words as the default, Simplified Chinese reader reads them.</summary>
    public static string Chinese(Phrase phrase) => phrase.In(RequestLanguage.Neutral, Directory);

    public static RoutingRules Rules => LoadedRules.Value;

    public static string RulesPath => FindFile("data/routing/rules.json");

    public static RoutingEngine Engine() => new(Directory, Rules);

    public static string FindFile(string relativePath) => Testing.RepositoryFiles.Find(relativePath);

    /// <summary>Cadres of an authority whose post lies at a division of the given level, in id order.</summary>
    public static IReadOnlyList<Cadre> Cadres(string managementAuthority, string divisionLevel) =>
        Directory.Cadres
            .Where(c => c.ManagementAuthority == managementAuthority && Directory.FindDivision(c.DivisionCode)?.Level == divisionLevel)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The county a division belongs to (itself for a county).</summary>
    public static string CountyOf(string divisionCode) =>
        Directory.Ancestry(divisionCode).First(code => Directory.FindDivision(code)?.Level == "county");

    public static Unit Unit(string kind, string divisionCode) =>
        Directory.Units.Single(u => u.Kind == kind && u.DivisionCode == divisionCode);
}
