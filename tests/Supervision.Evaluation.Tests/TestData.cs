using Supervision.Evaluation.Domain;
using Supervision.Reference;

namespace Supervision.Evaluation.Tests;

/// <summary>The real demo-city directory and panel rules, as the service loads them.</summary>
internal static class TestData
{
    private static readonly Lazy<CityDirectory> LoadedDirectory = new(() => CityDirectory.Load(FindFile("data/demo-city/jining.json")));
    private static readonly Lazy<PanelRules> LoadedRules = new(() => PanelRules.Load(FindFile("data/evaluation/panel.json")));

    public static CityDirectory Directory => LoadedDirectory.Value;

    public static PanelRules Rules => LoadedRules.Value;

    /// <summary>A test-only 256-bit sealing key.</summary>
    public const string SealingKey = "dGVzdC1vbmx5LWV2YWx1YXRpb24ta2V5LTMyYnl0ZXM=";

    public static string FindFile(string relativePath)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }
}
