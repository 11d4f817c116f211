using Supervision.Reference;

namespace Supervision.Intake.Tests;

public sealed class CityDirectoryTests
{
    private const string City = "370800";
    private const string Rencheng = "370811";
    private const string Yanzhou = "370812";
    private const string Changgou = "370811101";
    private const string Gulou = "370812001";

    private static readonly string[] Counties =
        ["370811", "370812", "370881", "370883", "370826", "370827", "370828", "370829", "370830", "370831", "370832"];

    private static CityDirectory Jining => JiningDirectory.Instance;

    [Fact]
    public void Should_load_jining_as_the_city()
    {
        Assert.Equal(City, Jining.CityCode);
        var city = Jining.FindDivision(City);
        Assert.NotNull(city);
        Assert.Equal("济宁市", city.Name);
        Assert.Equal("city", city.Level);
        Assert.Null(city.ParentCode);
    }

    [Fact]
    public void Should_hold_the_eleven_counties_with_their_gbt_2260_codes()
    {
        var counties = Jining.Divisions.Where(d => d.Level == "county").Select(d => d.Code).Order(StringComparer.Ordinal);
        Assert.Equal(Counties.Order(StringComparer.Ordinal), counties);
        Assert.All(Counties, code => Assert.Equal(City, Jining.FindDivision(code)!.ParentCode));
    }

    [Fact]
    public void Should_place_every_township_under_a_county_with_its_prefix()
    {
        var townships = Jining.Divisions.Where(d => d.Level == "township").ToList();
        Assert.NotEmpty(townships);
        Assert.All(townships, township =>
        {
            Assert.Contains(township.ParentCode, Counties);
            Assert.StartsWith(township.ParentCode!, township.Code, StringComparison.Ordinal);
            Assert.Equal(9, township.Code.Length);
        });
        Assert.Equal(1 + Counties.Length + townships.Count, Jining.Divisions.Count);
    }

    [Theory]
    [InlineData(City, City)]
    [InlineData(City, Rencheng)]
    [InlineData(City, Changgou)]
    [InlineData(City, "370832103")]
    [InlineData(Rencheng, Rencheng)]
    [InlineData(Rencheng, Changgou)]
    [InlineData(Yanzhou, Gulou)]
    [InlineData(Changgou, Changgou)]
    public void Should_cover_a_division_and_everything_below_it(string jurisdiction, string code) =>
        Assert.True(Jining.Covers(jurisdiction, code));

    [Theory]
    [InlineData(Rencheng, Yanzhou)]
    [InlineData(Yanzhou, Rencheng)]
    [InlineData("370881", "370883")]
    [InlineData(Rencheng, Gulou)]
    [InlineData(Rencheng, City)]
    [InlineData(Changgou, Rencheng)]
    [InlineData(Changgou, City)]
    [InlineData(Changgou, "370811102")]
    [InlineData(City, "370899")]
    [InlineData(City, "")]
    [InlineData("370899", Rencheng)]
    [InlineData("3708", Rencheng)]
    public void Should_not_cover_siblings_parents_or_unknown_codes(string jurisdiction, string code) =>
        Assert.False(Jining.Covers(jurisdiction, code));

    [Fact]
    public void Should_cover_every_division_from_the_city()
    {
        Assert.All(Jining.Divisions, division => Assert.True(Jining.Covers(City, division.Code)));
    }

    [Fact]
    public void Should_list_ancestry_nearest_first()
    {
        Assert.Equal([Changgou, Rencheng, City], Jining.Ancestry(Changgou));
        Assert.Equal([Rencheng, City], Jining.Ancestry(Rencheng));
        Assert.Equal([City], Jining.Ancestry(City));
        Assert.Empty(Jining.Ancestry("370899"));
    }

    [Fact]
    public void Should_list_a_county_and_its_townships_as_its_subtree()
    {
        Assert.Equal(
            ["370811", "370811001", "370811002", "370811003", "370811101", "370811102"],
            Jining.Subtree(Rencheng).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_list_the_whole_city_as_the_city_subtree()
    {
        Assert.Equal(
            Jining.Divisions.Select(d => d.Code).Order(StringComparer.Ordinal),
            Jining.Subtree(City).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_list_a_township_alone_as_its_subtree()
    {
        Assert.Equal([Changgou], Jining.Subtree(Changgou));
        Assert.Empty(Jining.Subtree("370899"));
    }

    [Fact]
    public void Should_partition_the_townships_among_the_counties()
    {
        var fromCounties = Counties.SelectMany(c => Jining.Subtree(c)).ToList();
        Assert.Equal(fromCounties.Count, fromCounties.Distinct().Count());
        Assert.Equal(Jining.Divisions.Count - 1, fromCounties.Count);
    }

    [Fact]
    public void Should_find_units_and_cadres_by_exact_id()
    {
        var cadre = Jining.FindCadre("c-0001");
        Assert.NotNull(cadre);
        Assert.Equal("u-370800-party", cadre.UnitId);
        Assert.NotNull(Jining.FindUnit(cadre.UnitId));
        Assert.NotNull(Jining.FindDivision(cadre.DivisionCode));

        Assert.Null(Jining.FindCadre("C-0001"));
        Assert.Null(Jining.FindUnit("u-370800-PARTY"));
        Assert.Null(Jining.FindDivision("370800 "));
    }
}
