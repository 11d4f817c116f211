using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Reference;

namespace Supervision.Inspection.Tests;

/// <summary>The real demo city, inspection rules and inspector pool, as the service loads them.</summary>
internal static class TestData
{
    private static readonly Lazy<CityDirectory> LoadedDirectory = new(() => CityDirectory.Load(FindFile("data/demo-city/jining.json")));
    private static readonly Lazy<InspectionRules> LoadedRules = new(() => InspectionRules.Load(FindFile("data/inspection/rules.json")));
    private static readonly Lazy<InspectorPoolFile> LoadedPool = new(() => InspectorPoolFile.Load(FindFile("data/inspection/inspectors.json")));

    public static CityDirectory City => LoadedDirectory.Value;

    public static InspectionRules Rules => LoadedRules.Value;

    public static InspectorPoolFile Pool => LoadedPool.Value;

    public static InspectorRecord Inspector(string id) => Pool.Records.Single(i => i.Id == id);

    public static TourTarget Target(string kind, string id) => TourTarget.Find(City, kind, id) ?? throw new ArgumentException($"no {kind} {id}");

    public static string FindFile(string relativePath) => Testing.RepositoryFiles.Find(relativePath);
}
