using Supervision.Routing.Localization;
using Supervision.Contracts;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>A notice that finds nobody on duty at its unit goes to the next level's duty unit (rules.json escalationUnitKind).</summary>
public sealed class NobodyOnDutyTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_pass_a_notice_nobody_was_on_duty_to_receive_to_the_next_levels_duty_officer()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var cityOrganization = TestData.Unit("organization-department", TestData.CityCode);
        await NotificationStore.AddShiftAsync(Db.DataSource, cityOrganization.Id, "王值班", "0537-2345678", Opened.AddHours(-1), Opened.AddHours(8),
            CancellationToken.None);

        var caseId = await Db.OpenCaseAsync(OrdinaryReport(ReportCategory.Discipline, cadre), Opened);

        var atLead = Assert.Single(await InboxAsync(lead.Id), n => n.CaseId == caseId.ToString());
        Assert.Equal(("assigned", ""), (atLead.Kind, atLead.DutyOfficer));
        var passedUp = Assert.Single(await InboxAsync(cityOrganization.Id), n => n.CaseId == caseId.ToString());
        Assert.Equal((UnitNotifier.NobodyOnDutyKind, "王值班"), (passedUp.Kind, passedUp.DutyOfficer));
        Assert.StartsWith($"Nobody was on duty at {lead.NameEn}: ", passedUp.Message);
        Assert.EndsWith(atLead.Message, passedUp.Message);
    }

    [Fact]
    public async Task Should_not_pass_a_notice_up_when_someone_is_on_duty()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        await NotificationStore.AddShiftAsync(Db.DataSource, lead.Id, "张值班", "0537-1111111", Opened.AddHours(-1), Opened.AddHours(8),
            CancellationToken.None);

        var caseId = await Db.OpenCaseAsync(OrdinaryReport(ReportCategory.Discipline, cadre), Opened);

        Assert.Equal("张值班", Assert.Single(await InboxAsync(lead.Id), n => n.CaseId == caseId.ToString()).DutyOfficer);
        Assert.Equal(0, await Db.ScalarAsync<int>("select count(*)::int from notifications where case_id = @caseId and kind = @kind",
            new { caseId, kind = UnitNotifier.NobodyOnDutyKind }));
    }

    private Task<IReadOnlyList<V1.Notification>> InboxAsync(string unitId) =>
        NotificationStore.NotificationsAsync(Db.DataSource, unitId, null, 50, Phrase.English, TestData.Directory, CancellationToken.None);
}
