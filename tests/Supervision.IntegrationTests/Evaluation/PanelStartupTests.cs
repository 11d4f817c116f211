using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>Evaluation runs under the AppHost like its siblings: two instances, health, its own API behind roles.</summary>
public sealed class PanelStartupTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_run_two_healthy_instances_that_answer_the_panel_api()
    {
        Assert.Equal(2, platform.InstancesOf(ResourceNames.Evaluation).Count);
        var health = new Health.HealthClient(platform.EvaluationChannel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        var composition = await platform.Panel.GetCompositionAsync(new GetCompositionRequest(),
            PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.Equal(0.8, composition.GrassrootsShareMinimum);
        Assert.Equal(composition.Serving, composition.BySector.Sum(c => c.Members));
    }

    [Fact]
    public async Task Should_refuse_the_panel_to_a_caller_without_a_token_or_an_evaluation_role()
    {
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => platform.Panel.GetCompositionAsync(new GetCompositionRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var clerk = await Assert.ThrowsAsync<RpcException>(() => platform.Panel.GetCompositionAsync(new GetCompositionRequest(),
            PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, clerk.StatusCode);
        Assert.Contains("evaluation-officer", clerk.Status.Detail);
    }
}
