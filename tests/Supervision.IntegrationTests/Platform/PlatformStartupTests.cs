using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.ServiceDefaults;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Platform;

public sealed class PlatformStartupTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_bring_every_resource_up_healthy()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var resource in model.Resources)
        {
            if (platform.App.ResourceNotifications.TryGetCurrentState(resource.Name, out var current) && current.Snapshot.IsHidden)
            {
                continue; // Aspire's own helpers (e.g. a project's rebuilder), not shown on the dashboard.
            }
            if (resource.Name.EndsWith("-init", StringComparison.Ordinal))
            {
                // One-shot steps (initdb) must have finished cleanly.
                var done = await platform.App.ResourceNotifications.WaitForResourceAsync(resource.Name,
                    e => e.Snapshot.State?.Text == KnownResourceStates.Finished, timeout.Token);
                Assert.Equal(0, done.Snapshot.ExitCode);
                continue;
            }
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
        }
    }

    [Fact]
    public void Should_run_two_healthy_instances_of_each_service()
    {
        foreach (var service in new[] { ResourceNames.Intake, ResourceNames.Routing, ResourceNames.Reporting })
        {
            var instances = platform.InstancesOf(service);
            Assert.True(instances.Count == 2, $"{service}: instances {string.Join(", ", instances)}");
            foreach (var instance in instances)
            {
                Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(instance, out var current), instance);
                Assert.Equal(HealthStatus.Healthy, current.Snapshot.HealthStatus);
            }
        }
    }

    [Fact]
    public async Task Should_answer_the_standard_grpc_health_check_and_describe_the_api_by_reflection()
    {
        foreach (var (channel, api) in new[]
                 {
                     (platform.Channel, new[] { "supervision.intake.v1.ReportIntake", "supervision.intake.v1.ReportAdministration" }),
                     (platform.RoutingChannel, new[] { "supervision.routing.v1.CaseHandling", "supervision.routing.v1.Directory" }),
                     (platform.ReportingChannel, new[] { "supervision.reporting.v1.ReportingFigures", "supervision.reporting.v1.ReportingOperations" }),
                 })
        {
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

            using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
            await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await reflection.RequestStream.CompleteAsync();
            Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
            var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
            Assert.Superset(api.Append("grpc.health.v1.Health").ToHashSet(), services.ToHashSet());
        }
    }
}
