using Supervision.Testing;
using Supervision.Contracts;
using Supervision.Routing.Data;

namespace Supervision.Routing.Tests.Database;

/// <summary>Several accused (domain.md §6): the level with authority over the most senior of them leads.</summary>
public sealed class SeveralAccusedTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_lead_at_the_city_when_a_city_managed_cadre_is_listed_after_a_county_managed_one()
    {
        var countyCadre = CountyCadres(1)[0];
        var secretary = TestData.Cadres("city-managed", "county").First(c => c.DivisionCode == countyCadre.DivisionCode);
        var report = Reports.About(ReportCategory.Discipline, countyCadre.DivisionCode, Reports.Cadre(countyCadre.Id), Reports.Cadre(secretary.Id));

        await Db.OpenAsync(report, Opened);

        var caseId = await Db.CaseOfAsync(report);
        var cityUnit = TestData.Unit("discipline-inspection", TestData.CityCode);
        Assert.Equal([(cityUnit.Id, secretary.Id)], await Db.QueryAsync<(string, string)>(
            "select lead_unit_id, subject_cadre_id from cases where id = @caseId", new { caseId }));
        Assert.Equal([(TestData.Unit("discipline-inspection", countyCadre.DivisionCode).Id, false)], await Db.QueryAsync<(string, bool)>(
            "select unit_id, lead from case_tasks where case_id = @caseId and not lead", new { caseId }));
        // Every accused cadre and their unit is kept with the case, for the anonymous result to each unit's leadership team.
        Assert.Equal([(countyCadre.Id, countyCadre.UnitId, false), (secretary.Id, secretary.UnitId, true)], await Db.QueryAsync<(string, string, bool)>(
            "select cadre_id, unit_id, most_senior from case_subjects where case_id = @caseId order by position", new { caseId }));
        Assert.Equal(new[] { countyCadre.UnitId, secretary.UnitId }.Distinct(), await Db.QueryAsync<string>(
            "select unit_id from case_subjects where case_id = @caseId group by unit_id order by min(position)", new { caseId }));

        // A later report about the most senior cadre joins the same case.
        var later = Reports.About(ReportCategory.Discipline, TestData.CityCode, Reports.Cadre(secretary.Id));
        await Db.OpenAsync(later, Opened.AddHours(1));
        Assert.Equal(caseId, await Db.CaseOfAsync(later));
    }
}
