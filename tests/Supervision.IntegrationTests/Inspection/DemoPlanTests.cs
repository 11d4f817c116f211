using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>The demo city's annual plan (data/inspection/plans.json), loaded by both instances at startup, read through the API.</summary>
public sealed class DemoPlanTests(PlatformFixture platform)
{
    public const string AnnualPlanId = "0193f0a0-2027-7000-8000-000000000001";

    [Fact]
    public async Task Should_serve_the_annual_plan_with_its_two_rounds_once()
    {
        var plan = await platform.Planning.GetPlanAsync(new GetPlanRequest { PlanId = AnnualPlanId }, Tours.Auditor);

        Assert.Equal((PlanKind.Regular, 2027), (plan.Kind, plan.Year));
        Assert.Equal([(1, "2027-03-01"), (2, "2027-08-02")], plan.Rounds.Select(r => (r.Number, r.StartsOn)));
    }
}
