using System.Text.Json;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts;
using Supervision.Reference;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Tests;

public sealed class RoutingEngineTests
{
    private static readonly RoutingEngine Engine = TestData.Engine();

    private static readonly Cadre CityManagedAtCity = TestData.Directory.FindCadre("c-0001")!;
    private static readonly Cadre CityManagedAtCounty = TestData.Cadres("city-managed", "county")[0];
    private static readonly Cadre CountyManagedAtCounty = TestData.Cadres("county-managed", "county")[0];
    private static readonly Cadre TownshipManaged = TestData.Cadres("township-managed", "township")[0];

    [Fact]
    public void Should_triage_a_township_receipt_at_its_county()
    {
        var township = TestData.Directory.Divisions.First(d => d.Level == "township" && d.ParentCode == CountyManagedAtCounty.DivisionCode);
        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, township.Code, Reports.Cadre(CountyManagedAtCounty.Id)));

        var county = CountyManagedAtCounty.DivisionCode;
        Assert.Equal(county, plan.ReceivingLevel);
        var triage = plan.Decisions[0];
        Assert.Equal("triage", triage.Kind);
        Assert.Equal(TestData.Unit("discipline-inspection", county).Id, triage.UnitId);
        Assert.Contains("discipline", TestData.English(triage.Reason));
        Assert.Contains(TestData.Directory.FindDivision(county)!.Name, TestData.Chinese(triage.Reason));
        Assert.Equal(TestData.Unit("discipline-inspection", county).Id, plan.Lead?.Id);
    }

    [Fact]
    public void Should_transfer_a_city_managed_cadre_reported_at_a_county_up_to_the_city()
    {
        var plan = Engine.Route(Reports.About(ReportCategory.WorkStyle, CityManagedAtCounty.DivisionCode, Reports.Cadre(CityManagedAtCounty.Id)));

        var cityUnit = TestData.Unit("discipline-inspection", TestData.CityCode);
        Assert.Equal(cityUnit.Id, plan.Lead?.Id);
        Assert.Equal(CityManagedAtCounty.Id, plan.SubjectCadreId);
        var transfer = Assert.Single(plan.Decisions, d => d.Kind == "transfer");
        Assert.Equal(cityUnit.Id, transfer.UnitId);
        Assert.Contains(CityManagedAtCounty.Name, TestData.Chinese(transfer.Reason));
        Assert.Contains("city-managed", TestData.English(transfer.Reason));
        Assert.Contains("work-style", TestData.English(transfer.Reason));
        Assert.DoesNotContain(plan.Decisions, d => d.Kind == "assign");
    }

    [Fact]
    public void Should_transfer_a_county_managed_cadre_reported_at_the_city_down_to_the_county()
    {
        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, TestData.CityCode, Reports.Cadre(CountyManagedAtCounty.Id)));

        var countyUnit = TestData.Unit("discipline-inspection", CountyManagedAtCounty.DivisionCode);
        Assert.Equal(TestData.CityCode, plan.ReceivingLevel);
        Assert.Equal(TestData.Unit("discipline-inspection", TestData.CityCode).Id, plan.Decisions[0].UnitId);
        var transfer = Assert.Single(plan.Decisions, d => d.Kind == "transfer");
        Assert.Equal(countyUnit.Id, transfer.UnitId);
        Assert.Contains(CountyManagedAtCounty.Name, TestData.Chinese(transfer.Reason));
        Assert.Contains("county-managed", TestData.English(transfer.Reason));
        Assert.Equal(countyUnit.Id, plan.Lead?.Id);
    }

    [Fact]
    public void Should_assign_without_transfer_when_the_cadre_is_managed_at_the_receiving_level()
    {
        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, TestData.CityCode, Reports.Cadre(CityManagedAtCity.Id)));

        var cityUnit = TestData.Unit("discipline-inspection", TestData.CityCode);
        Assert.Equal(["triage", "assign"], plan.Decisions.Select(d => d.Kind));
        Assert.All(plan.Decisions, d => Assert.Equal(cityUnit.Id, d.UnitId));
        Assert.Contains(CityManagedAtCity.Name, TestData.Chinese(plan.Decisions[1].Reason));
        Assert.Empty(plan.CoUnits);
        Assert.False(plan.AwaitsDispatch);
    }

    public static TheoryData<ReportCategory> Categories => new(Enum.GetValues<ReportCategory>());

    [Theory]
    [MemberData(nameof(Categories))]
    public void Should_give_each_category_to_the_unit_kind_named_in_the_rules_file(ReportCategory category)
    {
        using var rules = JsonDocument.Parse(File.ReadAllText(TestData.RulesPath));
        var rule = rules.RootElement.GetProperty("handlingRules").EnumerateArray()
            .Single(r => r.GetProperty("category").GetString() == RoutingRules.CategoryName(category));
        var expectedKind = rule.GetProperty("leadUnitKind").GetString();

        var plan = Engine.Route(Reports.About(category, CountyManagedAtCounty.DivisionCode, Reports.Cadre(CountyManagedAtCounty.Id)));

        Assert.Equal(expectedKind, plan.Lead?.Kind);
        Assert.Equal(CountyManagedAtCounty.DivisionCode, plan.Lead?.DivisionCode);
        Assert.Equal(expectedKind, TestData.Directory.FindUnit(plan.Decisions[0].UnitId)?.Kind);
    }

    [Fact]
    public void Should_hand_election_conduct_jointly_to_discipline_inspection()
    {
        var plan = Engine.Route(Reports.About(ReportCategory.ElectionConduct, CountyManagedAtCounty.DivisionCode, Reports.Cadre(CountyManagedAtCounty.Id)));

        var county = CountyManagedAtCounty.DivisionCode;
        Assert.Equal(TestData.Unit("intake-centre", county).Id, plan.Lead?.Id);
        var co = Assert.Single(plan.CoUnits);
        Assert.Equal(TestData.Unit("discipline-inspection", county).Id, co.Id);
        var joint = Assert.Single(plan.Decisions, d => d.Kind == "joint");
        Assert.Equal(co.Id, joint.UnitId);
        Assert.Contains("election-conduct", TestData.English(joint.Reason));
    }

    [Fact]
    public void Should_hand_cadres_at_different_levels_jointly()
    {
        var elsewhere = TestData.Cadres("township-managed", "township").First(c => TestData.CountyOf(c.DivisionCode) != CountyManagedAtCounty.DivisionCode);
        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, CountyManagedAtCounty.DivisionCode,
            Reports.Cadre(CityManagedAtCity.Id), Reports.Cadre(CountyManagedAtCounty.Id), Reports.Cadre(elsewhere.Id)));

        var countyOfTownship = TestData.CountyOf(elsewhere.DivisionCode);
        Assert.Equal(TestData.Unit("discipline-inspection", TestData.CityCode).Id, plan.Lead?.Id);
        Assert.Equal(CityManagedAtCity.Id, plan.SubjectCadreId);
        var expectedCoUnits = new[] { CountyManagedAtCounty.DivisionCode, countyOfTownship }
            .Select(code => TestData.Unit("discipline-inspection", code).Id).ToList();
        Assert.Equal(expectedCoUnits, plan.CoUnits.Select(u => u.Id));
        Assert.Equal(expectedCoUnits, plan.Decisions.Where(d => d.Kind == "joint").Select(d => d.UnitId));
        Assert.Contains(plan.Decisions, d => d.Kind == "joint" && TestData.Chinese(d.Reason).Contains(CountyManagedAtCounty.Name));
    }

    [Fact]
    public void Should_not_make_a_joint_case_of_two_cadres_at_the_same_level()
    {
        var second = TestData.Cadres("county-managed", "county").First(c => c.DivisionCode == CountyManagedAtCounty.DivisionCode && c.Id != CountyManagedAtCounty.Id);
        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, CountyManagedAtCounty.DivisionCode,
            Reports.Cadre(CountyManagedAtCounty.Id), Reports.Cadre(second.Id)));

        Assert.Equal(TestData.Unit("discipline-inspection", CountyManagedAtCounty.DivisionCode).Id, plan.Lead?.Id);
        Assert.Empty(plan.CoUnits);
    }

    public static TheoryData<ReportSubject> UnplaceableSubjects => new(
        new ReportSubject { CadreId = "c-9999" },
        new ReportSubject { Name = "王某", Post = "某局副局长", UnitName = "某局" },
        new ReportSubject { UnitId = "u-000000-unknown" });

    [Theory]
    [MemberData(nameof(UnplaceableSubjects))]
    public void Should_wait_for_a_dispatcher_when_no_subject_is_in_the_directory(ReportSubject subject)
    {
        var township = TestData.Directory.Divisions.First(d => d.Level == "township");
        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, township.Code, subject));

        Assert.True(plan.AwaitsDispatch);
        Assert.Null(plan.Lead);
        Assert.Null(plan.SubjectCadreId);
        Assert.Empty(plan.CoUnits);
        var county = TestData.CountyOf(township.Code);
        Assert.Equal(county, plan.ReceivingLevel);
        var dispatch = plan.Decisions[^1];
        Assert.Equal("dispatch", dispatch.Kind);
        Assert.Equal(TestData.Unit("intake-centre", county).Id, dispatch.UnitId);
    }

    [Fact]
    public void Should_route_a_township_unit_subject_to_its_county()
    {
        var townshipUnit = TestData.Directory.Units.First(u => u.Kind == "township-government");
        var plan = Engine.Route(Reports.About(ReportCategory.WorkStyle, TestData.CityCode, Reports.UnitSubject(townshipUnit.Id)));

        var countyUnit = TestData.Unit("discipline-inspection", TestData.CountyOf(townshipUnit.DivisionCode));
        Assert.Equal(countyUnit.Id, plan.Lead?.Id);
        Assert.Null(plan.SubjectCadreId);
        var transfer = Assert.Single(plan.Decisions, d => d.Kind == "transfer");
        Assert.Contains(townshipUnit.Name, TestData.Chinese(transfer.Reason));
    }

    [Fact]
    public void Should_route_a_city_unit_subject_reported_at_a_county_to_the_city()
    {
        var county = CountyManagedAtCounty.DivisionCode;
        var plan = Engine.Route(Reports.About(ReportCategory.Other, county, Reports.UnitSubject("u-370800-education")));

        Assert.Equal(TestData.Unit("intake-centre", TestData.CityCode).Id, plan.Lead?.Id);
        Assert.Equal("transfer", plan.Decisions[^1].Kind);
    }

    [Fact]
    public void Should_route_a_township_managed_cadre_to_the_county()
    {
        var county = TestData.CountyOf(TownshipManaged.DivisionCode);
        var plan = Engine.Route(Reports.About(ReportCategory.Discipline, TestData.CityCode, Reports.Cadre(TownshipManaged.Id)));

        Assert.Equal(TestData.Unit("discipline-inspection", county).Id, plan.Lead?.Id);
        var transfer = Assert.Single(plan.Decisions, d => d.Kind == "transfer");
        Assert.Contains("township-managed", TestData.English(transfer.Reason));
        Assert.Equal(county, Engine.AuthorityLevel(TownshipManaged));
    }

    [Fact]
    public void Should_route_the_same_report_the_same_way_every_time()
    {
        var report = Reports.About(ReportCategory.ElectionConduct, CityManagedAtCounty.DivisionCode,
            Reports.Cadre(CityManagedAtCounty.Id), Reports.Cadre(TownshipManaged.Id));

        Assert.Equal(Engine.Route(report).Decisions, TestData.Engine().Route(report).Decisions);
    }

    [Theory]
    [InlineData("u-370811-discipline", "u-370800-discipline")]
    [InlineData("u-370811-intake", "u-370800-intake")]
    [InlineData("u-370883-org", "u-370800-org")]
    [InlineData("u-370800-discipline", "u-370800-org")]
    [InlineData("u-370800-intake", "u-370800-org")]
    public void Should_escalate_to_the_next_level_up(string unitId, string expected)
    {
        Assert.Equal(expected, Engine.EscalationTarget(TestData.Directory.FindUnit(unitId)!)?.Id);
    }

    [Fact]
    public void Should_not_escalate_beyond_the_city_organization_department()
    {
        Assert.Null(Engine.EscalationTarget(TestData.Unit("organization-department", TestData.CityCode)));
    }
}
