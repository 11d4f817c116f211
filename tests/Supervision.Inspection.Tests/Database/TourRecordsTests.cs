using System.Diagnostics.Metrics;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Inspection.Domain;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>
/// Work records, assessments and recommendations on a real PostgreSQL: the interviewee sealed at rest and revealed only with
/// an audit row; dates within the tour; citations of the same tour only; follow-up states; the dashboard's figures.
/// </summary>
public sealed class TourRecordsTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly IntervieweeIdentity Citizen = new("王秀英", "13905371234", "370830198001011230", "汶上县中都街道");

    private Task<TourRecord> WenshangTourAsync() => TourUnderWayAsync(TargetKinds.Division, "370830", Today.AddDays(-10), "i-023", "i-032");

    private static WorkRecordDraft Interview(IntervieweeIdentity? who) =>
        new("public-interview", Today.AddDays(-2), ["i-032"], [], "群众反映县审批局窗口办事拖沓，多次往返。", who);

    [Fact]
    public async Task Should_seal_an_interviewees_identity_at_rest_and_audit_every_reveal()
    {
        var tour = await WenshangTourAsync();
        var record = await Records.RecordAsync(tour.Id, "i-023", Interview(Citizen), None);
        var anonymous = await Records.RecordAsync(tour.Id, "i-023", Interview(null), None);

        Assert.Equal(["i-023", "i-032"], record.InspectorIds);
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            var stored = await connection.ExecuteScalarAsync<byte[]>("select interviewee_sealed from work_records where id = @id", new { id = record.Id });
            var text = Encoding.UTF8.GetString(stored!);
            Assert.DoesNotContain(Citizen.Name, text);
            Assert.DoesNotContain(Citizen.Phone, text);
            Assert.DoesNotContain(Citizen.IdNumber, text);
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where payload::text like '%' || @name || '%'",
                new { name = Citizen.Name }));
        }
        Assert.Empty(await Records.RevealsAsync(tour.Id, None));

        Assert.Equal(Citizen, await Records.RevealAsync(record.Id, "oversight-370800", "核实群众反映问题需回访当事人", None));
        var reveal = Assert.Single(await Records.RevealsAsync(tour.Id, None));
        Assert.Equal((record.Id, "oversight-370800", "核实群众反映问题需回访当事人"), (reveal.RecordId, reveal.RevealedTo, reveal.Reason));
        await Assert.ThrowsAsync<DomainRuleException>(() => Records.RevealAsync(anonymous.Id, "oversight-370800", "核实群众反映问题需回访当事人", None));
        Assert.Single(await Records.RevealsAsync(tour.Id, None));
        await Assert.ThrowsAsync<WorkRecordNotFoundException>(() => Records.RevealAsync(Guid.NewGuid(), "oversight-370800", "核实群众反映问题", None));

        // The sealed identity is bound to its record: copied onto another, it does not open.
        await InTransactionAsync(t => t.Connection!.ExecuteAsync(
            "update work_records set interviewee_sealed = (select interviewee_sealed from work_records where id = @from) where id = @to",
            new { from = record.Id, to = anonymous.Id }, t));
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() =>
            Records.RevealAsync(anonymous.Id, "oversight-370800", "核实群众反映问题需回访当事人", None));
    }

    [Fact]
    public async Task Should_keep_records_within_the_tour_and_today_and_to_its_acting_team_and_page_them_by_kind()
    {
        var tour = await WenshangTourAsync();

        await Assert.ThrowsAsync<DomainRuleException>(() => Records.RecordAsync(tour.Id, "i-023", Interview(null) with { HeldOn = tour.StartsOn.AddDays(-1) }, None));
        await Assert.ThrowsAsync<DomainRuleException>(() => Records.RecordAsync(tour.Id, "i-023", Interview(null) with { HeldOn = Today.AddDays(1) }, None));
        var notMember = await Assert.ThrowsAsync<DomainRuleException>(() => Records.RecordAsync(tour.Id, "i-023", Interview(null) with { MemberIds = ["i-044"] }, None));
        Assert.Contains("member_ids[0]", notMember.Message);
        await Assert.ThrowsAsync<NotTeamMemberException>(() => Records.RecordAsync(tour.Id, "i-044", Interview(null) with { MemberIds = [] }, None));

        for (var i = 0; i < 3; i++)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            await Records.RecordAsync(tour.Id, "i-032", new WorkRecordDraft("heart-to-heart-talk", Today, [], ["c-0237"], $"与县委副书记谈心谈话，第{i + 1}次。", null), None);
        }
        await Records.RecordAsync(tour.Id, "i-032", Interview(null) with { HeldOn = tour.StartsOn }, None);

        var talks = await Records.PageAsync(tour.Id, "heart-to-heart-talk", null, 2, None);
        Assert.Equal(2, talks.Count);
        Assert.True(talks[0].RecordedAt > talks[1].RecordedAt);
        var rest = await Records.PageAsync(tour.Id, "heart-to-heart-talk", (talks[1].RecordedAt.UtcDateTime, talks[1].Id), 2, None);
        Assert.Equal("与县委副书记谈心谈话，第1次。", Assert.Single(rest).Notes);
        Assert.Equal(4, (await Records.PageAsync(tour.Id, null, null, 10, None)).Count);
    }

    [Fact]
    public async Task Should_record_an_assessment_only_citing_the_same_tour_of_its_own_target_while_the_report_is_open()
    {
        var tour = await WenshangTourAsync();
        var other = await TourUnderWayAsync(TargetKinds.Division, "370811", Today.AddDays(-10), "i-038", "i-042");
        var otherFinding = await Work.RecordFindingAsync(other.Id, "i-038", Finding(other.Id, "u-370811-gov"), None);
        var talk = await Records.RecordAsync(tour.Id, "i-023", new WorkRecordDraft("cadre-talk", Today, [], ["c-0241"], "与县长谈话，了解班子运行情况。", null), None);
        var finding = await Work.RecordFindingAsync(tour.Id, "i-023", Finding(tour.Id, "u-370830-gov"), None);

        var foreign = await Assert.ThrowsAsync<DomainRuleException>(() => Assessments.RecordAsync(tour.Id, "i-023",
            Assessment("u-370830-party", null, [otherFinding.Id], []), None));
        Assert.Contains("finding_ids[0]", foreign.Message);
        await Assert.ThrowsAsync<DomainRuleException>(() => Assessments.RecordAsync(tour.Id, "i-023", Assessment(null, "c-0063", [], [talk.Id]), None));
        await Assert.ThrowsAsync<DomainRuleException>(() => Assessments.RecordAsync(tour.Id, "i-023", Assessment("u-370811-gov", null, [finding.Id], []), None));

        var team = await Assessments.RecordAsync(tour.Id, "i-023", Assessment("u-370830-party", null, [finding.Id], [talk.Id]), None);
        var cadre = await Assessments.RecordAsync(tour.Id, "i-032", Assessment(null, "c-0241", [], [talk.Id]), None);
        Assert.Equal([team.Id, cadre.Id], (await Assessments.OfTourAsync(tour.Id, None)).Assessments.Select(a => a.Id));
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%AssessmentRecorded%'"));
        }

        await Work.DraftAsync(tour.Id, "i-023", "巡察发现审批服务方面问题1个。", "", None);
        await Work.SubmitAsync(tour.Id, "i-023", None);
        await Assert.ThrowsAsync<DomainRuleException>(() => Assessments.RecordAsync(tour.Id, "i-023", Assessment("u-370830-gov", null, [finding.Id], []), None));
    }

    [Fact]
    public async Task Should_follow_a_recommendation_up_through_its_states_and_count_the_teams_adjusted()
    {
        var tour = await WenshangTourAsync();
        var adjust = await Recommendations.MakeAsync(tour.Id, "i-023", "adjust-leadership-team", "u-370830-approval", null, "县行政审批服务局领导班子不团结，建议调整。", None);
        var remind = await Recommendations.MakeAsync(tour.Id, "i-032", "remind-cadre", null, "c-0242", "对局长进行提醒谈话。", None);
        await Assert.ThrowsAsync<DomainRuleException>(() => Recommendations.MakeAsync(tour.Id, "i-023", "move-cadre", null, "c-0063", "建议调整岗位。", None));

        await Assert.ThrowsAsync<DomainRuleException>(() => Recommendations.FollowUpAsync(adjust.Id, RecommendationStates.CarriedOut, "已调整", "plan-staff", None));
        Assert.Equal(0, await Recommendations.TeamsAdjustedAsync(tour.Id, null, None));
        await Recommendations.FollowUpAsync(adjust.Id, RecommendationStates.Adopted, "市委常委会研究同意", "plan-staff", None);
        var done = await Recommendations.FollowUpAsync(adjust.Id, RecommendationStates.CarriedOut, "已调整2名班子成员", "plan-staff", None);
        Assert.Equal([RecommendationStates.Adopted, RecommendationStates.CarriedOut], done.FollowUps.Select(f => f.State));
        await Assert.ThrowsAsync<DomainRuleException>(() => Recommendations.FollowUpAsync(adjust.Id, RecommendationStates.Declined, "不再调整", "plan-staff", None));
        var declined = await Recommendations.FollowUpAsync(remind.Id, RecommendationStates.Declined, "当事人已调离，不再谈话", "plan-staff", None);
        Assert.Equal(("declined", "当事人已调离，不再谈话"), (declined.State, declined.FollowUps.Single().Note));

        Assert.Equal(1, await Recommendations.TeamsAdjustedAsync(tour.Id, null, None));
        Assert.Equal(1, await Recommendations.TeamsAdjustedAsync(null, tour.Target, None));
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%RecommendationFollowedUp%'"));
    }

    [Fact]
    public async Task Should_report_inspections_own_work_to_the_dashboard()
    {
        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This test's own service provider: other tests' instances report under the same meter name.
            if (instrument.Meter.Name == InspectionMetrics.MeterName && instrument.Meter.Scope == Services.GetRequiredService<IMeterFactory>())
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measured) measured[instrument.Name] = instrument is ObservableInstrument<long> ? value : measured.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();

        var tour = await WenshangTourAsync();
        await TourUnderWayAsync(TargetKinds.Division, "370811", Today.AddDays(-10), "i-038", "i-042");
        var refused = await PlannedTourAsync(TargetKinds.Division, "370830");
        await Assert.ThrowsAsync<DomainRuleException>(() => Planning.FormTeamAsync(refused.Id, "i-018", ["i-023"], "plan-staff", None));
        await Work.RecordFindingAsync(tour.Id, "i-023", Finding(tour.Id, "u-370830-gov"), None);
        await Records.RecordAsync(tour.Id, "i-023", Interview(Citizen), None);
        listener.RecordObservableInstruments();

        Assert.Equal(2, measured["supervision.inspection.tours_active"]);
        Assert.Equal(1, measured["supervision.inspection.exclusions"]);
        Assert.Equal(0, measured["supervision.inspection.rectification_overdue"]);
        Assert.Equal(1, measured["supervision.inspection.findings_recorded"]);
        Assert.Equal(1, measured["supervision.inspection.work_records"]);
    }

    private static FindingRecord Finding(Guid tourId, string unitId) => new(Guid.Empty, tourId, "implementation", "审批事项办理超时，群众多次往返。", "窗口台账",
        "serious", [], [unitId], "");

    private static AssessmentRecord Assessment(string? unitId, string? cadreId, IReadOnlyList<Guid> findings, IReadOnlyList<Guid> records) =>
        new(Guid.Empty, Guid.Empty, unitId, cadreId, "fairly-good", "班子整体运行较好，服务意识有待加强。", findings, records, "", default);
}
