using System.Globalization;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Tests;

public sealed class PanelRulesTests
{
    private static readonly Eligibility Eligibility = new(TestData.Rules, TestData.Directory);
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Fact]
    public void Should_load_the_rules_data_with_three_grassroots_sectors_and_an_80_percent_floor()
    {
        Assert.Empty(TestData.Rules.Problems());
        Assert.Equal(0.8, TestData.Rules.GrassrootsShareMinimum);
        Assert.Equal(["enterprise", "individual-business", "ordinary-citizen"], TestData.Rules.Sectors.Where(s => s.Grassroots).Select(s => s.Id));
        Assert.Equal(2, TestData.Rules.TermYears);
    }

    [Fact]
    public void Should_refuse_an_appointment_that_takes_the_grassroots_share_below_80_percent_with_the_numbers()
    {
        using var _ = Culture("en");
        var refusal = Assert.Throws<DomainRuleException>(() => PanelQuota.RequireRoomFor("party-government", TestData.Rules, 799, 999));
        Assert.Contains("would be 79.9%: 799 of 1,000", refusal.Message);
        Assert.Contains("at least 80% required", refusal.Message);
    }

    [Fact]
    public void Should_truncate_the_share_it_shows_so_a_refusal_never_reads_80_percent()
    {
        using var _ = Culture("en");
        // 3,999 of 4,999 is 79.996%: rounded it would read 80.0%.
        var refusal = Assert.Throws<DomainRuleException>(() => PanelQuota.RequireRoomFor("expert", TestData.Rules, 3999, 4998));
        Assert.Contains("would be 79.9%: 3,999 of 4,999", refusal.Message);
    }

    [Fact]
    public void Should_word_the_refusal_in_chinese_by_default()
    {
        using var _ = Culture("zh-Hans");
        var refusal = Assert.Throws<DomainRuleException>(() => PanelQuota.RequireRoomFor("deputy", TestData.Rules, 800, 1000));
        Assert.Contains("79.9%（1,001人中800人）", refusal.Message);
    }

    [Fact]
    public void Should_allow_appointments_that_keep_the_share_and_any_grassroots_appointment_at_the_floor()
    {
        PanelQuota.RequireRoomFor("expert", TestData.Rules, 800, 999);
        PanelQuota.RequireRoomFor("enterprise", TestData.Rules, 799, 999);
        PanelQuota.RequireRoomFor("ordinary-citizen", TestData.Rules, 0, 0);
        // An empty panel cannot start with a member from outside the grassroots sectors: 0 of 1.
        Assert.Throws<DomainRuleException>(() => PanelQuota.RequireRoomFor("deputy", TestData.Rules, 0, 0));
    }

    [Theory]
    [InlineData("2010-01-01", "370811", null, "minimum-age")]
    [InlineData("1940-01-01", "370811", null, "maximum-age")]
    [InlineData("1980-01-01", "370102", null, "resident-in-city")]
    [InlineData("1980-01-01", "370811", "c-0001", "not-serving-cadre-of-evaluated-unit")]
    public void Should_name_each_eligibility_rule_an_applicant_breaks(string birthDate, string division, string? cadre, string rule)
    {
        var broken = Eligibility.RulesBrokenBy(Applicant(DateOnly.Parse(birthDate, CultureInfo.InvariantCulture), division, cadre), Today);
        Assert.Equal([rule], broken);
    }

    [Fact]
    public void Should_find_an_adult_resident_who_is_no_serving_cadre_eligible_and_word_broken_rules_with_their_numbers()
    {
        Assert.Empty(Eligibility.RulesBrokenBy(Applicant(new DateOnly(1980, 5, 1), "370811001", null), Today));
        Assert.Empty(Eligibility.RulesBrokenBy(Applicant(new DateOnly(2008, 11, 26), "370811", null), Today));
        using var _ = Culture("en");
        Assert.Equal("younger than 18", Eligibility.Describe("minimum-age"));
        Assert.Equal("older than 75", Eligibility.Describe("maximum-age"));
    }

    [Fact]
    public void Should_have_every_word_in_both_languages_and_every_key_the_code_names()
    {
        Assert.Empty(EvaluationTexts.Words.Problems([CultureInfo.GetCultureInfo("zh-Hans"), CultureInfo.GetCultureInfo("en")]));
        var source = Directory.GetFiles(Path.GetDirectoryName(TestData.FindFile("services/evaluation/Supervision.Evaluation.csproj"))!, "*.cs",
                SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Select(File.ReadAllText)
            .ToList();
        var named = source.SelectMany(text => System.Text.RegularExpressions.Regex.Matches(text, "EvaluationTexts.Words\\[\"([a-z0-9.-]*[a-z0-9])\"").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(named);
        Assert.All(named, key => Assert.True(EvaluationTexts.Words.Has(key), $"'{key}' is named in code but missing from EvaluationTexts.resx"));
        Assert.All(TestData.Rules.Eligibility, rule => Assert.True(EvaluationTexts.Words.Has("eligibility." + rule.Rule)));
    }

    [Fact]
    public void Should_share_the_resident_id_rules_and_read_the_birth_date_an_id_number_carries()
    {
        var first17 = "37081119800501123";
        var id = first17 + PersonalDataRules.ResidentIdCheckCharacter(first17);
        Assert.True(PersonalDataRules.IsResidentIdNumber(id));
        Assert.False(PersonalDataRules.IsResidentIdNumber(first17 + (id[17] == '0' ? '1' : '0')));
        Assert.Equal(new DateOnly(1980, 5, 1), PersonalDataRules.ResidentIdBirthDate(id));
        Assert.True(PersonalDataRules.IsPhone("13912345678"));
        Assert.True(PersonalDataRules.IsPhone("0537-2345678"));
        Assert.False(PersonalDataRules.IsPhone("12345"));
    }

    private static Applicant Applicant(DateOnly birthDate, string division, string? cadre) => new("测试", "female", birthDate, "enterprise", division,
        Nominations.Self, null, "", null, cadre, [], new MemberContact("13912345678", "", "地址"));

    internal static IDisposable Culture(string name) => new CultureScope(CultureInfo.GetCultureInfo(name));

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo culture) => CultureInfo.CurrentUICulture = culture;

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
