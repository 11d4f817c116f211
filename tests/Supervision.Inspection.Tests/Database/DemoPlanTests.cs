using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>The demo annual plan: valid as the API would take it, loaded once however often the instances start.</summary>
public sealed class DemoPlanTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private static readonly DemoPlanFile File = DemoPlanFile.Load(TestData.FindFile("data/inspection/plans.json"));

    [Fact]
    public void Should_hold_an_annual_plan_with_two_rounds_and_no_problems()
    {
        Assert.Empty(File.Problems());
        var annual = Assert.Single(File.Records, p => p.Kind == PlanKinds.Regular);
        Assert.Equal([1, 2], annual.Rounds.Select(r => r.Number));
    }

    [Fact]
    public void Should_find_the_problems_of_a_plan_the_api_would_refuse()
    {
        var id = Guid.NewGuid();
        var broken = new DemoPlanFile([new DemoPlanFile.Entry(id, PlanKinds.Regular, 2027, "计划", "demo-data",
            [new RoundRecord(2, "第一轮", new DateOnly(2027, 3, 1)), new RoundRecord(2, "第二轮", new DateOnly(2026, 3, 1))])]);

        Assert.Equal(3, broken.Problems().Count);
    }

    [Fact]
    public async Task Should_load_the_plan_once_with_its_rounds_however_often_the_instances_start()
    {
        var seed = () => new DemoPlanSeed(DataSource, File, Time, NullLogger<DemoPlanSeed>.Instance).StartAsync(CancellationToken.None);
        await Task.WhenAll(seed(), seed());
        await seed();

        var expected = Assert.Single(File.Records);
        var (plan, tours) = await Planning.PlanAsync(expected.Id, CancellationToken.None);
        Assert.Equal((PlanKinds.Regular, 2027, expected.Title), (plan.Kind, plan.Year, plan.Title));
        Assert.Equal(expected.Rounds, plan.Rounds);
        Assert.Empty(tours);
    }
}
