using Supervision.Reference;

namespace Supervision.Intake.Tests;

/// <summary>The real demo-city file, so the tests see the same divisions, units and cadres as the services.</summary>
internal static class JiningDirectory
{
    public const string RelativePath = "data/demo-city/jining.json";

    private static readonly Lazy<CityDirectory> Loaded = new(() => CityDirectory.Load(FindFile()));

    public static CityDirectory Instance => Loaded.Value;

    public static string FindFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"No {RelativePath} above {AppContext.BaseDirectory}.");
    }
}
