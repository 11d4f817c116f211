namespace Supervision.Testing;

/// <summary>Files of the checkout (the demo city, rules, sources), found from the test's output folder upwards.</summary>
public static class RepositoryFiles
{
    public static string Find(string relativePath)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"No {relativePath} above {AppContext.BaseDirectory}.");
    }
}
