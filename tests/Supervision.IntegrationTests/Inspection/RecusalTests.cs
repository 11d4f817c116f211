using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// Recusal computed from the pool's data through the real API: a conflicted member refuses the team, naming the member and
/// the rule, and every exclusion is recorded. The demo pool's i-001..i-006 carry one conflict each (see data/inspection).
/// </summary>
public sealed class RecusalTests(PlatformFixture platform)
{
    private static async Task<RpcException> RefusedAsync(PlatformFixture platform, Tour tour, string leader, params string[] members)
    {
        var request = new FormTeamRequest { TourId = tour.TourId, LeaderId = leader, MemberIds = { members } };
        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Planning.FormTeamAsync(request, Tours.PlanStaff).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        return refused;
    }

    private async Task<IReadOnlyList<Exclusion>> ExclusionsAsync(Tour tour) =>
        (await platform.Planning.ListExclusionsAsync(new ListExclusionsRequest { TourId = tour.TourId }, Tours.Auditor)).Exclusions;

    [Fact]
    public async Task Should_refuse_a_member_who_worked_at_the_target_within_five_years_and_record_the_exclusion()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370883");

        var refused = await RefusedAsync(platform, tour, "i-007", "i-001", "i-008");

        Assert.Contains("i-001", refused.Status.Detail);
        Assert.Contains("worked-at-target", refused.Status.Detail);
        Assert.DoesNotContain("i-008", refused.Status.Detail);
        var exclusion = Assert.Single(await ExclusionsAsync(tour));
        Assert.Equal(("i-001", "worked-at-target", "plan-staff-370800"), (exclusion.InspectorId, exclusion.Rule, exclusion.RecordedBy));
        Assert.Contains("2023-06-30", exclusion.Reason);
        var after = await platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, Tours.PlanStaff);
        Assert.Equal(TourState.Planned, after.State);
        Assert.Empty(after.Team);
    }

    [Fact]
    public async Task Should_form_a_team_with_a_member_whose_posting_there_ended_more_than_five_years_ago()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370883");

        var formed = await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-007", MemberIds = { "i-002", "i-008" } },
            Tours.PlanStaff);

        Assert.Equal(TourState.TeamFormed, formed.State);
        Assert.Equal(["i-007", "i-002", "i-008"], formed.Team.Select(m => m.InspectorId));
        Assert.True(formed.Team[0].Leader);
        Assert.Empty(await ExclusionsAsync(tour));
    }

    [Fact]
    public async Task Should_refuse_a_member_whose_spouse_holds_a_post_at_the_target()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370881");

        var refused = await RefusedAsync(platform, tour, "i-003", "i-007");

        Assert.Contains("i-003", refused.Status.Detail);
        Assert.Contains("relative-at-target", refused.Status.Detail);
        Assert.Contains("spouse", refused.Status.Detail);
        Assert.Equal("relative-at-target", Assert.Single(await ExclusionsAsync(tour)).Rule);
    }

    [Fact]
    public async Task Should_refuse_a_member_from_the_target_division_but_let_them_tour_a_city_department()
    {
        var county = await Tours.PlannedAsync(platform, TargetKind.Division, "370811");
        var refused = await RefusedAsync(platform, county, "i-007", "i-004");
        Assert.Contains("home-division", refused.Status.Detail);

        var department = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-market");
        var formed = await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = department.TourId, LeaderId = "i-007", MemberIds = { "i-004" } },
            Tours.PlanStaff);
        Assert.Equal(TourState.TeamFormed, formed.State);
    }

    [Fact]
    public async Task Should_refuse_a_member_whose_in_law_works_in_the_city_department_toured()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-education");

        var refused = await RefusedAsync(platform, tour, "i-006", "i-007");

        Assert.Contains("i-006", refused.Status.Detail);
        Assert.Contains("relative-at-target", refused.Status.Detail);
    }

    [Fact]
    public async Task Should_refuse_the_subject_of_an_open_report_once_intake_and_routing_have_it()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370827");
        var check = new CheckRecusalRequest { TourId = tour.TourId, InspectorIds = { "i-005" } };
        Assert.Empty((await platform.Planning.CheckRecusalAsync(check, Tours.PlanStaff)).Conflicts);

        // A report names i-005's own cadre record (c-0007, 济宁市纪委监委): inspection learns it from intake's event.
        var report = Reports.RealName(Channel.Hotline, "370800");
        report.Subjects[0].CadreId = "c-0007";
        await platform.Public.SubmitReportAsync(report, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));
        var conflicts = await Eventually.ReachedAsync(
            async () => (await platform.Planning.CheckRecusalAsync(check, Tours.PlanStaff)).Conflicts,
            c => c.Count > 0, "i-005 becomes the subject of an open report");
        Assert.Equal(("i-005", "open-case-subject"), (conflicts[0].InspectorId, conflicts[0].Rule));

        var refused = await RefusedAsync(platform, tour, "i-007", "i-005");
        Assert.Contains("open-case-subject", refused.Status.Detail);
    }

    [Fact]
    public async Task Should_compute_a_conflict_from_a_relative_declared_after_the_pool_was_loaded()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370829");
        var check = new CheckRecusalRequest { TourId = tour.TourId, InspectorIds = { "i-009", "i-010" } };
        Assert.Empty((await platform.Planning.CheckRecusalAsync(check, Tours.PlanStaff)).Conflicts);

        // i-009 declares their brother, a deputy county head of 嘉祥县, with their own token.
        await platform.Inspectors.DeclareRelativeAsync(new DeclareRelativeRequest
        {
            InspectorId = "i-009",
            Relative = new Relative { Kind = "collateral-within-three-generations", Name = "杜明远", Post = "副县长", UnitId = "u-370829-gov" },
        }, Tours.Inspector("i-009"));

        var conflict = Assert.Single((await platform.Planning.CheckRecusalAsync(check, Tours.PlanStaff)).Conflicts);
        Assert.Equal(("i-009", "relative-at-target"), (conflict.InspectorId, conflict.Rule));
        var refused = await RefusedAsync(platform, tour, "i-010", "i-009");
        Assert.Contains("i-009", refused.Status.Detail);
    }

    [Fact]
    public async Task Should_name_every_conflicted_member_and_record_each_exclusion_in_chinese_by_default()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370883");
        var request = new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-001", MemberIds = { "i-011" } };
        var zhStaff = Tours.PlanStaff;
        zhStaff.Add("accept-language", "zh-CN");

        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Planning.FormTeamAsync(request, zhStaff).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("不能组建巡察组", refused.Status.Detail);
        Assert.Contains("邹城市人民政府", refused.Status.Detail);

        // Refused again: a second exclusion is recorded, with the same rule.
        await Assert.ThrowsAsync<RpcException>(() => platform.Planning.FormTeamAsync(request, Tours.PlanStaff).ResponseAsync);
        Assert.Equal(2, (await ExclusionsAsync(tour)).Count(e => e.InspectorId == "i-001" && e.Rule == "worked-at-target"));
    }

    [Fact]
    public async Task Should_record_each_members_signed_declaration_once_and_only_for_members()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-health");
        await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-011", MemberIds = { "i-012" } }, Tours.PlanStaff);

        var signed = await platform.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = tour.TourId }, Tours.Inspector("i-012"));

        Assert.NotNull(signed.Team.Single(m => m.InspectorId == "i-012").DeclarationSignedAt);
        Assert.Null(signed.Team.Single(m => m.InspectorId == "i-011").DeclarationSignedAt);
        var twice = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = tour.TourId }, Tours.Inspector("i-012")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = tour.TourId }, Tours.Inspector("i-013")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
    }
}
