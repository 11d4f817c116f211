using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Health.V1;
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
    public async Task Should_answer_the_standard_grpc_health_check()
    {
        var health = new Health.HealthClient(platform.Channel);
        var response = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        Assert.Contains(ResourceNames.Intake, platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name));
    }
}
