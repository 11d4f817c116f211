using Supervision.Contracts;
using Supervision.Reference;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Tests;

/// <summary>
/// The demo city's management authorities (domain.md §6): the body that manages a cadre, not the cadre's
/// rank. A middle-level cadre is managed by their own unit, at that unit's level.
/// </summary>
public sealed class ManagementAuthorityTests
{
    private static readonly RoutingEngine Engine = TestData.Engine();

    private static IEnumerable<(Cadre Cadre, Unit Unit, string Level)> MiddleLevelCadres() =>
        from cadre in TestData.Directory.Cadres
        where cadre.MiddleLevel
        orderby cadre.Id
        let unit = TestData.Directory.FindUnit(cadre.UnitId)!
        select (cadre, unit, TestData.Directory.FindDivision(unit.DivisionCode)!.Level);

    [Fact]
    public void Should_route_no_middle_level_cadre_of_a_city_unit_below_the_city()
    {
        var cityCadres = MiddleLevelCadres().Where(m => m.Level == "city").ToList();

        Assert.NotEmpty(cityCadres);
        Assert.All(cityCadres, m =>
        {
            Assert.Equal(TestData.CityCode, Engine.AuthorityLevel(m.Cadre));
            var plan = Engine.Route(Reports.About(ReportCategory.Discipline, TestData.CityCode, Reports.Cadre(m.Cadre.Id)));
            Assert.Equal(TestData.CityCode, plan.Lead?.DivisionCode);
        });
    }

    [Fact]
    public void Should_route_no_section_head_of_a_county_bureau_to_a_township_or_another_level()
    {
        var countyCadres = MiddleLevelCadres().Where(m => m.Level == "county").ToList();

        Assert.NotEmpty(countyCadres);
        Assert.All(countyCadres, m =>
        {
            Assert.NotEqual("township-managed", m.Cadre.ManagementAuthority);
            Assert.Equal(m.Unit.DivisionCode, Engine.AuthorityLevel(m.Cadre));
            var plan = Engine.Route(Reports.About(ReportCategory.Discipline, TestData.CityCode, Reports.Cadre(m.Cadre.Id)));
            Assert.Equal(m.Unit.DivisionCode, plan.Lead?.DivisionCode);
        });
    }

    [Fact]
    public void Should_handle_every_middle_level_cadre_at_the_level_of_their_own_unit() =>
        // Middle-level is the rank; the managing body is their unit, handled where that unit stands (a township's at its county).
        Assert.All(MiddleLevelCadres(), m =>
            Assert.Equal(m.Level == "city" ? TestData.CityCode : TestData.CountyOf(m.Unit.DivisionCode), Engine.AuthorityLevel(m.Cadre)));

    [Fact]
    public void Should_say_a_city_section_chief_is_managed_by_their_own_unit_at_the_city()
    {
        var (cadre, unit, _) = MiddleLevelCadres().First(m => m.Level == "city");
        var county = TestData.Directory.Divisions.First(d => d.Level == "county").Code;

        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, county, Reports.Cadre(cadre.Id)));

        var transfer = Assert.Single(plan.Decisions, d => d.Kind == "transfer");
        Assert.Equal(TestData.Unit("discipline-inspection", TestData.CityCode).Id, transfer.UnitId);
        Assert.Contains("unit-managed", TestData.English(transfer.Reason));
        Assert.Contains(unit.Name, TestData.Chinese(transfer.Reason));
        Assert.Contains(TestData.Directory.FindDivision(TestData.CityCode)!.Name, TestData.Chinese(transfer.Reason));
        Assert.DoesNotContain("county-managed", TestData.English(transfer.Reason));
        Assert.DoesNotContain("县管", TestData.Chinese(transfer.Reason));
    }
}
