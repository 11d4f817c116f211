using Microsoft.Extensions.Configuration;

namespace Supervision.AppHost;

/// <summary>The AppHost's own configuration (section "Supervision"): ports, data folder, mode, development keys.</summary>
public sealed class PlatformSettings
{
    public string Containers { get; set; } = "auto";
    public string? DataDirectory { get; set; }
    public int IntakeReplicas { get; set; } = 2;
    public int RoutingReplicas { get; set; } = 2;
    public int InspectionReplicas { get; set; } = 2;
    public int ReportingReplicas { get; set; } = 2;
    public int EvaluationReplicas { get; set; } = 2;
    /// <summary>Extra environment for every service, e.g. Intake__RateLimits__SubmissionsPerMinute.</summary>
    public Dictionary<string, string> ServiceEnvironment { get; set; } = [];
    /// <summary>Stop the whole platform, with a report, when a resource fails (run.sh); tests that stop servers on purpose may turn it off.</summary>
    public bool StopOnResourceFailure { get; set; } = true;
    /// <summary>
    /// "built" (default): each service instance runs its built program directly, one process, when the build output is
    /// there; "dotnet-run": through a `dotnet run` launcher as Aspire does by default (a second process of ~130 MiB).
    /// </summary>
    public string ServiceLaunch { get; set; } = "built";
    public PortSettings Ports { get; set; } = new();
    public DevelopmentSettings Development { get; set; } = new();

    public sealed class PortSettings
    {
        public int Postgres { get; set; } = 25432;
        public int RabbitMq { get; set; } = 25672;
        public int RabbitMqDistribution { get; set; } = 25673;
        public int Epmd { get; set; } = 24369;
        public int Redis { get; set; } = 26379;
        public int IntakeHttp { get; set; } = 21100;
        public int IntakeGrpc { get; set; } = 21101;
        public int RoutingHttp { get; set; } = 21200;
        public int RoutingGrpc { get; set; } = 21201;
        public int InspectionHttp { get; set; } = 21300;
        public int InspectionGrpc { get; set; } = 21301;
        public int ReportingHttp { get; set; } = 21500;
        public int ReportingGrpc { get; set; } = 21501;
        public int EvaluationHttp { get; set; } = 21400;
        public int EvaluationGrpc { get; set; } = 21401;
    }

    public sealed class DevelopmentSettings
    {
        public string PostgresPassword { get; set; } = "";
        public string SigningKey { get; set; } = "";
        public string IdentityKey { get; set; } = "";
    }

    public static PlatformSettings From(IConfiguration configuration, string repositoryRoot)
    {
        var settings = configuration.GetSection("Supervision").Get<PlatformSettings>() ?? new PlatformSettings();
        settings.DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.DataDirectory)
            ? Path.Combine(repositoryRoot, ".data")
            : settings.DataDirectory);
        if (string.IsNullOrWhiteSpace(settings.Development.SigningKey) || string.IsNullOrWhiteSpace(settings.Development.IdentityKey))
        {
            throw new InvalidOperationException(
                "Supervision:Development:SigningKey and :IdentityKey are not configured: run the AppHost from its folder (./run.sh does).");
        }
        return settings;
    }

    /// <summary>Containers when asked, or on "auto" when a container engine answers.</summary>
    public bool UseContainers() => Containers.ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => ContainerEngine.Answers(),
    };
}
