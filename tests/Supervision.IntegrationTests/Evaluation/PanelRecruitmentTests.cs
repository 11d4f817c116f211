using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>Recruitment through the real API: the demo panel, vetting, the quota, terms, sealed contact data.</summary>
public sealed class PanelRecruitmentTests(PlatformFixture platform)
{
    private Panel.PanelClient Panel => platform.Panel;

    [Fact]
    public async Task Should_start_with_the_demo_citys_1000_members_meeting_the_quota_by_sector_division_age_and_gender()
    {
        var composition = await Panel.GetCompositionAsync(new GetCompositionRequest(), PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.True(composition.Serving >= 1000, $"{composition.Serving} serving");
        Assert.True(composition.GrassrootsShare >= 0.8, $"grassroots share {composition.GrassrootsShare}");
        Assert.Equal(6, composition.BySector.Count);
        Assert.Equal(11, composition.ByDivision.Count);
        Assert.Equal(["female", "male"], composition.ByGender.Select(g => g.Key));
        Assert.Equal(composition.Serving, composition.ByAgeBand.Sum(b => b.Members));
        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        Assert.Equal(1000, await connection.ExecuteScalarAsync<int>("select count(*) from members where demo"));
    }

    [Fact]
    public async Task Should_appoint_an_eligible_applicant_for_two_years_keeping_the_recommending_body_and_sealing_contact_data()
    {
        var request = PanelRequests.Application("enterprise");
        request.Nomination = Nomination.Organization;
        request.RecommendingBody = "济宁市工商业联合会";
        var application = await Panel.SubmitApplicationAsync(request, PanelRequests.CityOfficer);
        Assert.Equal(ApplicationStatus.Pending, application.Status);
        Assert.Empty(application.IneligibleRules);
        Assert.Equal("济宁市工商业联合会", application.RecommendingBody);

        var vetted = await Panel.VetApplicationAsync(new VetApplicationRequest { ApplicationId = application.ApplicationId, Decision = VetDecision.Appoint },
            PanelRequests.CityOfficer);
        Assert.Equal(ApplicationStatus.Appointed, vetted.Application.Status);
        var member = await Panel.GetMemberAsync(new GetMemberRequest { MemberId = vetted.Member.MemberId }, PanelRequests.CityOfficer);
        Assert.Equal(MemberStatus.Serving, member.Status);
        Assert.Equal(member.AppointedAt.ToDateTime().AddYears(2), member.TermEndsAt.ToDateTime());
        Assert.Equal("济宁市工商业联合会", member.RecommendingBody);
        Assert.Equal(["appointed"], member.History.Select(h => h.Kind));
        Assert.DoesNotContain(request.Phone, member.ToString());
        Assert.DoesNotContain(request.IdNumber, member.ToString());

        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        var stored = string.Join("\n", await connection.QueryAsync<string>(
            "select row_to_json(m)::text from members m where id = @id union all select row_to_json(a)::text from applications a where member_id = @id",
            new { id = Guid.Parse(member.MemberId) }));
        var events = string.Join("\n", await connection.QueryAsync<string>("select payload::text from outbox_messages"));
        Assert.Contains(member.MemberId, events);
        foreach (var secret in new[] { request.Phone, request.IdNumber, request.Address })
        {
            Assert.DoesNotContain(secret, stored);
            Assert.DoesNotContain(secret, events);
            Assert.DoesNotContain(platform.Logs, line => line.Contains(secret));
        }
    }

    [Fact]
    public async Task Should_name_broken_eligibility_rules_refuse_to_appoint_and_reject_with_the_reason_once()
    {
        var request = PanelRequests.Application(birthDate: "2010-03-04");
        request.ServingCadreId = "c-0012";
        var application = await Panel.SubmitApplicationAsync(request, PanelRequests.CityOfficer);
        Assert.Equal(["minimum-age", "not-serving-cadre-of-evaluated-unit"], application.IneligibleRules);
        Assert.Equal(["younger than 18", "is a serving cadre of an evaluated unit"], application.IneligibleReasons);

        var appoint = await Assert.ThrowsAsync<RpcException>(() => Panel.VetApplicationAsync(new VetApplicationRequest
        {
            ApplicationId = application.ApplicationId, Decision = VetDecision.Appoint,
        }, PanelRequests.CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, appoint.StatusCode);
        Assert.Contains("younger than 18", appoint.Status.Detail);

        var rejected = await Panel.VetApplicationAsync(new VetApplicationRequest
        {
            ApplicationId = application.ApplicationId, Decision = VetDecision.Reject, Reason = "未满18周岁且系现职干部",
        }, PanelRequests.CityOfficer);
        Assert.Equal(ApplicationStatus.Rejected, rejected.Application.Status);
        Assert.Equal("未满18周岁且系现职干部", rejected.Application.DecisionReason);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Panel.VetApplicationAsync(new VetApplicationRequest
        {
            ApplicationId = application.ApplicationId, Decision = VetDecision.Reject, Reason = "again",
        }, PanelRequests.CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_the_appointment_that_takes_the_grassroots_share_below_80_percent_with_the_numbers()
    {
        RpcException? refusal = null;
        Composition before = null!;
        for (var i = 0; i < 400 && refusal is null; i++)
        {
            before = await Panel.GetCompositionAsync(new GetCompositionRequest(), PanelRequests.CityOfficer);
            try
            {
                await PanelRequests.AppointAsync(Panel, PanelRequests.Application("expert"));
            }
            catch (RpcException ex)
            {
                refusal = ex;
            }
        }
        Assert.NotNull(refusal);
        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        var total = before.Serving + 1;
        var percent = Math.Floor(before.Grassroots * 1000.0 / total) / 10;
        Assert.True(percent < 80);
        Assert.Contains($"would be {percent:0.0}%: {before.Grassroots:N0} of {total:N0}", refusal.Status.Detail);
        var after = await Panel.GetCompositionAsync(new GetCompositionRequest(), PanelRequests.CityOfficer);
        Assert.Equal(before.Serving, after.Serving);
        Assert.True(after.GrassrootsShare >= 0.8);

        // A grassroots appointment is still welcome, in Chinese by default.
        var chinese = new Metadata { { "accept-language", "zh-CN" } };
        foreach (var header in PanelRequests.CityOfficer)
        {
            chinese.Add(header);
        }
        var pending = await Panel.SubmitApplicationAsync(PanelRequests.Application("expert"), PanelRequests.CityOfficer);
        var inChinese = await Assert.ThrowsAsync<RpcException>(() => Panel.VetApplicationAsync(new VetApplicationRequest
        {
            ApplicationId = pending.ApplicationId, Decision = VetDecision.Appoint,
        }, chinese).ResponseAsync);
        Assert.Contains($"{before.Grassroots:N0}人", inChinese.Status.Detail);
        await PanelRequests.AppointAsync(Panel, PanelRequests.Application("individual-business"));
    }

    [Fact]
    public async Task Should_record_renewal_and_resignation_in_the_members_history()
    {
        var member = await PanelRequests.AppointAsync(Panel, PanelRequests.Application("enterprise"));
        var renewed = await Panel.RenewTermAsync(new RenewTermRequest { MemberId = member.MemberId, Reason = "连任" }, PanelRequests.CityOfficer);
        Assert.Equal(member.TermEndsAt.ToDateTime().AddYears(2), renewed.TermEndsAt.ToDateTime());
        Assert.Equal(["appointed", "renewed"], renewed.History.Select(h => h.Kind));

        var resigned = await Panel.RecordResignationAsync(new RecordResignationRequest { MemberId = member.MemberId, Reason = "工作调动" },
            PanelRequests.CityOfficer);
        Assert.Equal(MemberStatus.Resigned, resigned.Status);
        Assert.Equal("工作调动", resigned.History.Last().Reason);
        var again = await Assert.ThrowsAsync<RpcException>(() => Panel.RenewTermAsync(new RenewTermRequest { MemberId = member.MemberId },
            PanelRequests.CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var listed = await Panel.ListMembersAsync(new ListMembersRequest { Status = MemberStatus.Resigned, PageSize = 500 }, PanelRequests.CityOfficer);
        Assert.Contains(listed.Members, m => m.MemberId == member.MemberId);
    }
}
