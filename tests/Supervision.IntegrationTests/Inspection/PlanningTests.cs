using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>Plans with rounds, targets chosen from candidates ranked by inspection's own projection of reports.</summary>
public sealed class PlanningTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_plan_an_annual_plan_in_two_rounds_and_record_each_choice_with_its_reasons()
    {
        var plan = await platform.Planning.CreatePlanAsync(new CreatePlanRequest
        {
            Kind = PlanKind.Regular, Year = 2026, Title = "2026年度市委巡察工作计划",
            Rounds =
            {
                new Round { Number = 1, Title = "第一轮", StartsOn = "2026-03-01" },
                new Round { Number = 2, Title = "第二轮", StartsOn = "2026-09-01" },
            },
        }, Tours.PlanStaff);

        var first = await platform.Planning.ChooseTargetAsync(Tours.Choice(plan.PlanId, TargetKind.Division, "370826", round: 1), Tours.PlanStaff);
        var second = await platform.Planning.ChooseTargetAsync(Tours.Choice(plan.PlanId, TargetKind.Department, "u-370800-housing", round: 2),
            Tours.PlanStaff);

        Assert.Equal(("2026-12-01", "2027-01-14"), (first.StartsOn, first.EndsOn)); // the default length: 45 days
        Assert.Equal("plan-staff-370800", first.ChosenBy);
        Assert.Contains("reports in 6 months", first.CandidateReasons);
        var read = await platform.Planning.GetPlanAsync(new GetPlanRequest { PlanId = plan.PlanId }, Tours.Auditor);
        Assert.Equal([1, 2], read.Rounds.Select(r => r.Number));
        Assert.Equal([first.TourId, second.TourId], read.Tours.Select(t => t.TourId));
        Assert.All(read.Tours, t => Assert.StartsWith("举报量高于全市中位数", t.ChoiceReason));

        var again = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Planning.ChooseTargetAsync(Tours.Choice(plan.PlanId, TargetKind.Division, "370826", round: 1), Tours.PlanStaff).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var noRound = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Planning.ChooseTargetAsync(Tours.Choice(plan.PlanId, TargetKind.Division, "370827", round: 3), Tours.PlanStaff).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, noRound.StatusCode);
        Assert.Contains("round 3", noRound.Status.Detail);
    }

    [Fact]
    public async Task Should_rank_a_county_higher_once_its_reports_reach_inspection_and_say_why_in_words()
    {
        async Task<Candidate> SishuiAsync(Metadata headers) =>
            (await platform.Planning.ListCandidatesAsync(new ListCandidatesRequest { Kind = TargetKind.Division, Limit = 50 }, headers))
            .Candidates.Single(c => c.Target.Id == "370831");
        var before = await SishuiAsync(Tours.PlanStaff);

        const string sishuiCadre = "c-0263"; // a cadre of 泗水县 in the demo city
        for (var i = 0; i < 2; i++)
        {
            var report = Reports.RealName(Channel.Hotline, "370831");
            report.Subjects[0].CadreId = sishuiCadre;
            report.Account += " " + Guid.NewGuid();
            await platform.Public.SubmitReportAsync(report, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));
        }

        var after = await Eventually.ReachedAsync(() => SishuiAsync(Tours.PlanStaff), c => c.Reports >= before.Reports + 2, "泗水县's reports counted");
        Assert.True(after.Score > before.Score);
        Assert.StartsWith($"Sishui: {after.Reports} reports in 6 months", after.Reasons);
        var chinese = PlatformFixture.StaffHeadersAs("plan-staff-370800", "370800", Roles.PlanStaff);
        chinese.Add("accept-language", "zh-CN");
        Assert.StartsWith($"泗水县：6个月内收到举报{after.Reports}件", (await SishuiAsync(chinese)).Reasons);
    }

    [Fact]
    public async Task Should_list_the_pool_of_at_least_forty_inspectors_with_postings_and_relatives()
    {
        var inspectors = new List<Supervision.Inspection.V1.Inspector>();
        var page = new ListInspectorsRequest { PageSize = 15 };
        do
        {
            var response = await platform.Inspectors.ListInspectorsAsync(page, Tours.Auditor);
            inspectors.AddRange(response.Inspectors);
            page.PageToken = response.NextPageToken;
        }
        while (page.PageToken.Length > 0);

        Assert.True(inspectors.Count >= 40, $"{inspectors.Count} inspectors");
        Assert.Equal(inspectors.Count, inspectors.Select(i => i.InspectorId).Distinct().Count());
        var first = inspectors.Single(i => i.InspectorId == "i-001");
        Assert.Contains(first.Postings, p => p.UnitId == "u-370883-gov" && p.To == "2023-06-30");
        Assert.Contains(inspectors.Single(i => i.InspectorId == "i-003").Relatives, r => r.Kind == "spouse" && r.UnitId == "u-370881-gov");
    }
}
