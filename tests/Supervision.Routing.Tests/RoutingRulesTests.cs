using System.Text.Json.Nodes;
using Supervision.Contracts;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Tests;

public sealed class RoutingRulesTests : IDisposable
{
    private readonly List<string> _files = [];

    private static readonly Dictionary<ReportCategory, string> Names = new()
    {
        [ReportCategory.CadreSelectionAndAppointment] = "cadre-selection-and-appointment",
        [ReportCategory.WorkStyle] = "work-style",
        [ReportCategory.Discipline] = "discipline",
        [ReportCategory.ConductOutsideWorkingHours] = "conduct-outside-working-hours",
        [ReportCategory.ElectionConduct] = "election-conduct",
        [ReportCategory.Other] = "other",
    };

    public static TheoryData<ReportCategory, string> CategoryNames => new(Names.Select(n => (n.Key, n.Value)));

    [Theory]
    [MemberData(nameof(CategoryNames))]
    public void Should_name_each_category_in_kebab_case(ReportCategory category, string expected) =>
        Assert.Equal(expected, RoutingRules.CategoryName(category));

    [Fact]
    public void Should_have_a_name_case_for_every_category() =>
        Assert.Equal(Enum.GetValues<ReportCategory>().Order(), Names.Keys.Order());

    [Fact]
    public void Should_load_the_real_rules_file()
    {
        var rules = RoutingRules.Load(TestData.RulesPath);

        Assert.Equal(3, rules.MaxTransfers);
        Assert.Equal(RoutingRules.CityLevel, rules.AuthorityLevels["city-managed"]);
        Assert.Equal(RoutingRules.CountyLevel, rules.AuthorityLevels["township-managed"]);
        Assert.Equal(RoutingRules.OwnUnitLevel, rules.AuthorityLevels["unit-managed"]);
        Assert.All(Enum.GetValues<ReportCategory>(), c => Assert.NotNull(rules.For(c)));
    }

    [Fact]
    public void Should_refuse_a_rules_file_missing_a_category()
    {
        var path = WriteRules(json => json["handlingRules"]!.AsArray()
            .Remove(json["handlingRules"]!.AsArray().Single(r => (string?)r!["category"] == "work-style")));

        var error = Assert.Throws<InvalidOperationException>(() => RoutingRules.Load(path));
        Assert.Contains("work-style", error.Message);
    }

    [Fact]
    public void Should_list_the_accountability_measure_kinds_with_their_names()
    {
        var rules = RoutingRules.Load(TestData.RulesPath);

        Assert.Equal("诫勉谈话", rules.MeasureKind("admonishment-talk")?.Name);
        Assert.Null(rules.MeasureKind("promotion"));
    }

    [Fact]
    public void Should_refuse_rules_without_accountability_measure_kinds()
    {
        var path = WriteRules(json => json.AsObject().Remove("accountabilityMeasureKinds"));

        var error = Assert.Throws<InvalidOperationException>(() => RoutingRules.Load(path));
        Assert.Contains("accountabilityMeasureKinds", error.Message);
    }

    [Fact]
    public void Should_refuse_an_unknown_level()
    {
        var path = WriteRules(json => json["authorityLevels"]!["township-managed"] = "township");

        Assert.Throws<InvalidOperationException>(() => RoutingRules.Load(path));
    }

    [Fact]
    public void Should_refuse_a_transfer_cap_below_one()
    {
        var path = WriteRules(json => json["maxTransfers"] = 0);

        Assert.Throws<InvalidOperationException>(() => RoutingRules.Load(path));
    }

    [Theory]
    [InlineData("dispatchUnitKind")]
    [InlineData("escalationUnitKind")]
    public void Should_refuse_a_unit_kind_the_rules_do_not_list(string property)
    {
        var path = WriteRules(json => json[property] = "secretariat");

        var error = Assert.Throws<InvalidOperationException>(() => RoutingRules.Load(path));
        Assert.Contains("'secretariat'", error.Message);
    }

    [Fact]
    public void Should_refuse_a_handling_rule_naming_an_unlisted_unit_kind()
    {
        var path = WriteRules(json => json["handlingRules"]![0]!["coUnitKinds"] = new JsonArray("audit-office"));

        var error = Assert.Throws<InvalidOperationException>(() => RoutingRules.Load(path));
        Assert.Contains("'audit-office'", error.Message);
    }

    [Fact]
    public void Should_refuse_rules_without_unit_kinds()
    {
        var path = WriteRules(json => json.AsObject().Remove("unitKinds"));

        var error = Assert.Throws<InvalidOperationException>(() => RoutingRules.Load(path));
        Assert.Contains("unitKinds", error.Message);
    }

    [Fact]
    public void Should_escalate_at_the_city_to_the_kind_the_rules_name()
    {
        var rules = RoutingRules.Load(WriteRules(json => json["escalationUnitKind"] = "party-committee"));
        var engine = new RoutingEngine(TestData.Directory, rules);

        Assert.Equal(TestData.Unit("party-committee", TestData.CityCode).Id,
            engine.EscalationTarget(TestData.Unit("intake-centre", TestData.CityCode))?.Id);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private string WriteRules(Action<JsonNode> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(TestData.RulesPath))!;
        change(json);
        var path = Path.Combine(Path.GetTempPath(), $"routing-rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        _files.Add(path);
        return path;
    }
}
