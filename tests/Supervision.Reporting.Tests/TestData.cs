using Supervision.Reference;
using Supervision.Reporting.Domain;

namespace Supervision.Reporting.Tests;

/// <summary>The real demo-city directory and working-day calendar, as the service loads them.</summary>
internal static class TestData
{
    private static readonly Lazy<CityDirectory> LoadedDirectory = new(() => CityDirectory.Load(Find("data/demo-city/jining.json")));
    private static readonly Lazy<WorkingCalendar> LoadedCalendar = new(() => WorkingCalendar.Load(Find("data/reporting")));

    public static CityDirectory Directory => LoadedDirectory.Value;

    public static WorkingCalendar Calendar => LoadedCalendar.Value;

    public static DispatchOptions Dispatch => new();

    public static string Find(string relativePath)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate) || System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}.");
    }
}
