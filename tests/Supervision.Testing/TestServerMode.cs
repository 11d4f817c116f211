using DotNet.Testcontainers.Configurations;

namespace Supervision.Testing;

/// <summary>Where the test servers come from.</summary>
public enum TestServerMode
{
    /// <summary>Testcontainers' PostgreSql, RabbitMq and Redis modules, on a container engine.</summary>
    Containers,

    /// <summary>The machine's own server binaries (the Debian packages), as processes of the test run.</summary>
    LocalBinaries,
}

internal static class TestServerModes
{
    public const string Variable = "SUPERVISION_TEST_SERVERS";

    /// <summary>The mode, and the words that say why, for the run's log.</summary>
    public static (TestServerMode Mode, string Description) Choose()
    {
        var requested = Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant();
        switch (requested)
        {
            case "containers":
                return (TestServerMode.Containers, $"Testcontainers ({Variable}=containers)");
            case "local":
                return (TestServerMode.LocalBinaries, $"local server binaries ({Variable}=local)");
            case null or "" or "auto":
                // Testcontainers pings each candidate endpoint once; without an engine this is null within milliseconds.
                var engine = TestcontainersSettings.OS.DockerEndpointAuthConfig;
                return engine is null
                    ? (TestServerMode.LocalBinaries, "local server binaries (no container engine answered)")
                    : (TestServerMode.Containers, $"Testcontainers (container engine at {engine.Endpoint})");
            default:
                throw new InvalidOperationException($"{Variable}={requested} is not understood: use containers, local or auto.");
        }
    }
}
