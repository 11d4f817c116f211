using Supervision.Evaluation.Domain;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Tests;

public sealed class DemoPanelTests
{
    private static readonly IReadOnlyList<(Data.NewMember Member, MemberContact Contact)> Members = DemoPanel.Generate(TestData.Rules, TestData.Directory);

    [Fact]
    public void Should_generate_1000_members_that_meet_the_grassroots_quota_with_every_sector_and_county()
    {
        Assert.Equal(1000, Members.Count);
        var grassroots = Members.Count(m => m.Member.Grassroots);
        Assert.True(grassroots >= 800, $"{grassroots} of 1,000 from grassroots sectors");
        Assert.Equal(TestData.Rules.Sectors.Select(s => s.Id).Order(), Members.Select(m => m.Member.Sector).Distinct().Order());
        var counties = TestData.Directory.Divisions.Where(d => d.Level == "county").Select(d => d.Code).ToHashSet();
        Assert.Equal(counties.Order(), Members.Select(m => PanelComposition.CountyOf(TestData.Directory, m.Member.DivisionCode)).Distinct().Order());
        Assert.Equal(Enumerable.Range(1, 1000), Members.Select(m => m.Member.PanelNumber));
    }

    [Fact]
    public void Should_generate_the_same_panel_every_time_with_well_formed_and_eligible_members()
    {
        var again = DemoPanel.Generate(TestData.Rules, TestData.Directory);
        Assert.Equal(Members.Select(m => (m.Member.Id, m.Member.Name, m.Contact)), again.Select(m => (m.Member.Id, m.Member.Name, m.Contact)));
        var eligibility = new Eligibility(TestData.Rules, TestData.Directory);
        Assert.All(Members, m =>
        {
            Assert.True(PersonalDataRules.IsResidentIdNumber(m.Contact.IdNumber), m.Contact.IdNumber);
            Assert.Equal(m.Member.BirthDate, PersonalDataRules.ResidentIdBirthDate(m.Contact.IdNumber));
            Assert.True(PersonalDataRules.IsPhone(m.Contact.Phone));
            Assert.Equal(m.Member.AppointedAt.AddYears(2), m.Member.TermEndsAt);
            Assert.Equal(m.Member.Nomination == Nominations.Organization, m.Member.RecommendingBody is not null);
            var applicant = new Applicant(m.Member.Name, m.Member.Gender, m.Member.BirthDate, m.Member.Sector, m.Member.DivisionCode,
                m.Member.Nomination, m.Member.RecommendingBody, "", m.Member.EmployerUnitId, null, m.Member.RelativeUnitIds, m.Contact);
            Assert.Empty(eligibility.RulesBrokenBy(applicant, DateOnly.FromDateTime(m.Member.AppointedAt)));
        });
        Assert.Contains(Members, m => m.Member.EmployerUnitId is not null);
        Assert.Contains(Members, m => m.Member.RelativeUnitIds.Length > 0);
    }

    [Fact]
    public void Should_draw_the_documented_sha256_counter_stream()
    {
        // Computed independently: first 8 bytes of SHA-256(SHA-256("abc") || i), big-endian.
        var random = SeededRandom.From("abc");
        Assert.Equal(12945922410057392766UL, random.NextUInt64());
        Assert.Equal(7918360942356546159UL, random.NextUInt64());
        Assert.Equal(16913500717197164935UL, random.NextUInt64());
    }
}
