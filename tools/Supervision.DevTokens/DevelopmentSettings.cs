using System.Text.Json;

namespace Supervision.DevTokens;

/// <summary>
/// The development secrets the AppHost hands to the services, read from the same place it reads them
/// (AppHost/appsettings.json), so a tool's token or password always matches the running platform.
/// </summary>
public static class DevelopmentSettings
{
    public const string SigningKeyVariable = "SUPERVISION_SIGNING_KEY";
    private const string AppHostSettings = "AppHost/appsettings.json";

    public static string SigningKey() =>
        Environment.GetEnvironmentVariable(SigningKeyVariable) is { Length: > 0 } key ? key : Read("SigningKey");

    public static string PostgresPassword() => Read("PostgresPassword");

    private static string Read(string name)
    {
        var path = Path.Combine(FindRepositoryRoot(), AppHostSettings);
        using var settings = JsonDocument.Parse(File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (settings.RootElement.TryGetProperty("Supervision", out var supervision)
            && supervision.TryGetProperty("Development", out var development)
            && development.TryGetProperty(name, out var value)
            && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        throw new InvalidOperationException($"{path} has no Supervision:Development:{name}.");
    }

    // The tools run from the repository (dotnet run) or from their bin folder, so both starting points are tried.
    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, AppHostSettings)))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException(
            $"No folder containing {AppHostSettings} above the current directory or the tool; run it inside the repository or set {SigningKeyVariable}.");
    }
}
