using Supervision.Inspection.Domain;
using static Supervision.Inspection.Tests.TestData;

namespace Supervision.Inspection.Tests;

/// <summary>The demo pool is valid and produces real conflicts with the demo city's targets.</summary>
public sealed class DemoPoolTests
{
    [Fact]
    public void Should_hold_at_least_forty_inspectors_that_name_only_what_the_city_has()
    {
        Assert.True(Pool.Inspectors.Count >= 40, $"{Pool.Inspectors.Count} inspectors");
        Assert.Empty(Pool.Problems(City, Rules));
        Assert.All(Pool.Records, i => Assert.Equal(City.FindCadre(i.CadreId!)!.Name, i.Name));
    }

    [Fact]
    public void Should_produce_conflicts_of_every_data_rule_with_the_county_targets()
    {
        var recusal = new Recusal(Rules, City);
        var today = new DateOnly(2026, 11, 26);
        var counties = City.Divisions.Where(d => d.Level == "county").Select(d => Target(TargetKinds.Division, d.Code)).ToList();
        var conflicts = Pool.Records.SelectMany(i => counties.SelectMany(t => recusal.ConflictsOf(i, t, today, false))).ToList();
        Assert.Contains(conflicts, c => c.Rule == RecusalRules.WorkedAtTarget);
        Assert.Contains(conflicts, c => c.Rule == RecusalRules.RelativeAtTarget);
        Assert.Contains(conflicts, c => c.Rule == RecusalRules.HomeDivision);
        // Every county has inspectors who may tour it, and some who may not.
        Assert.All(counties, t =>
        {
            var conflicted = Pool.Records.Count(i => recusal.ConflictsOf(i, t, today, false).Count > 0);
            Assert.InRange(conflicted, 1, Pool.Inspectors.Count - 5);
        });
    }

    [Fact]
    public void Should_refuse_a_pool_that_names_an_unknown_unit_or_a_kind_outside_the_law()
    {
        var broken = Pool with
        {
            Inspectors =
            [
                Pool.Inspectors[0] with { Relatives = [new RelativeRecord("friend", "某人", "科员", "u-370883-gov")] },
                Pool.Inspectors[1] with { Postings = [new Data.InspectorPoolFile.PostingEntry("u-nowhere", "科员", new DateOnly(2020, 1, 1), null)] },
            ],
        };
        var problems = broken.Problems(City, Rules);
        Assert.Contains(problems, p => p.Contains("friend", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("u-nowhere", StringComparison.Ordinal));
    }
}
