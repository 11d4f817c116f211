using Supervision.Platform;

namespace Supervision.AppHost;

/// <summary>What every service is wired to.</summary>
public sealed record SharedResources(
    IResourceBuilder<IResource> Database,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    PlatformSettings Settings,
    string CityDataPath);

public static class ServiceResources
{
    /// <summary>A Supervision service: fixed ports, its database, the broker and cache, keys, and the operator's extra environment.</summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, SharedResources shared,
        string name, IResourceBuilder<IResourceWithConnectionString> database, int httpPort, int grpcPort, int replicas)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name)
            .WithEndpoint("http", e => e.Port = httpPort)
            .WithEndpoint(ResourceNames.GrpcEndpoint, e => e.Port = grpcPort)
            .WithReplicas(replicas)
            .WithReference(database).WaitFor(shared.Database)
            .WithReference(shared.Messaging).WaitFor((IResourceBuilder<IResource>)shared.Messaging)
            .WithReference(shared.Cache).WaitFor((IResourceBuilder<IResource>)shared.Cache)
            .WithEnvironment("Auth__SigningKey", shared.Settings.Development.SigningKey)
            .WithEnvironment("Directory__DataPath", shared.CityDataPath)
            .WithHttpHealthCheck("/health", endpointName: "http")
            .WithHttpCommand(OperatorEndpoints.ReplayFailedMessages, "Replay failed messages", endpointName: "http",
                commandOptions: new HttpCommandOptions
                {
                    Description = "Moves every message that exhausted its retries back to its queue (after the cause is fixed).",
                    IconName = "ArrowRepeatAll",
                    ConfirmationMessage = "Replay every failed message of this service?",
                    PrepareRequest = context =>
                    {
                        var token = DevelopmentTokens.Mint(shared.Settings.Development.SigningKey, "aspire-dashboard-operator",
                            [Roles.OversightOfficer], "370800", TimeSpan.FromMinutes(5));
                        context.Request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                        return Task.CompletedTask;
                    },
                });
        service.LaunchBuiltProgram(shared.Settings);
        foreach (var (key, value) in shared.Settings.ServiceEnvironment)
        {
            service.WithEnvironment(key, value);
        }
        return service;
    }

    /// <summary>
    /// Runs each instance as its built program (bin/&lt;configuration&gt;/net10.0/&lt;name&gt;, or its current ReadyToRun copy)
    /// instead of under a `dotnet run` launcher that would stay alive beside every instance (ADR "services run as their
    /// built program"). The AppHost is built with the services, in the same configuration; without the build output, or
    /// with ServiceLaunch "dotnet-run", Aspire's default stays.
    /// </summary>
    private static void LaunchBuiltProgram(this IResourceBuilder<ProjectResource> service, PlatformSettings settings)
    {
        if (!string.Equals(settings.ServiceLaunch, "built", StringComparison.OrdinalIgnoreCase)
            || !service.Resource.TryGetLastAnnotation<IProjectMetadata>(out var project))
        {
            return;
        }
        var projectDirectory = Path.GetDirectoryName(project.ProjectPath)!;
        var configuration = typeof(ServiceResources).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Release";
        var output = Path.Combine(projectDirectory, "bin", configuration, "net10.0");
        var name = Path.GetFileNameWithoutExtension(project.ProjectPath);
        var program = Path.Combine(PrecompiledOrBuilt(output), name);
        if (!File.Exists(program))
        {
            return;
        }
        service.WithAnnotation(new ExecutableAnnotation { Command = program, WorkingDirectory = projectDirectory },
            ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// The ReadyToRun copy of a build output (eng/ready-to-run.sh: its assemblies precompiled, their code shared by the
    /// instances) while it is current: its stamp is newer than every file of the build output. Otherwise the build output.
    /// </summary>
    public static string PrecompiledOrBuilt(string output)
    {
        var precompiled = Path.Combine(output, "ready-to-run");
        var stamp = new FileInfo(Path.Combine(precompiled, ".stamp"));
        if (!stamp.Exists || !Directory.Exists(output))
        {
            return output;
        }
        var newestBuilt = Directory.EnumerateFiles(output).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MaxValue).Max();
        return stamp.LastWriteTimeUtc > newestBuilt ? precompiled : output;
    }
}
