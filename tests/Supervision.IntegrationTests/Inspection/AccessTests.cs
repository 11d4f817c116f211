using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>Every staff RPC of inspection against no token, the wrong role, the wrong tour or jurisdiction, and the right caller.</summary>
public sealed class AccessTests(PlatformFixture platform)
{
    private static readonly Metadata NoToken = new();
    private static readonly Metadata IntakeClerk = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk);
    private static readonly Metadata QufuPlanStaff = PlatformFixture.StaffHeadersAs("plan-staff-370881", "370881", Roles.PlanStaff);

    private static async Task RefusedAsync(StatusCode expected, Func<Task> call, string what)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == refused.StatusCode, $"{what}: expected {expected}, got {refused.StatusCode} ({refused.Status.Detail})");
    }

    /// <summary>The staff calls, each with a request the right caller may make.</summary>
    private static IReadOnlyList<(string Name, Func<Metadata, Task> Call)> Calls(PlatformFixture platform, Tour tour) =>
    [
        ("ListInspectors", h => platform.Inspectors.ListInspectorsAsync(new ListInspectorsRequest(), h).ResponseAsync),
        ("GetInspector", h => platform.Inspectors.GetInspectorAsync(new GetInspectorRequest { InspectorId = "i-020" }, h).ResponseAsync),
        ("CreatePlan", h => platform.Planning.CreatePlanAsync(Tours.AdHocPlan(), h).ResponseAsync),
        ("ListCandidates", h => platform.Planning.ListCandidatesAsync(new ListCandidatesRequest { Kind = TargetKind.Department }, h).ResponseAsync),
        ("GetPlan", h => platform.Planning.GetPlanAsync(new GetPlanRequest { PlanId = tour.PlanId }, h).ResponseAsync),
        ("GetTour", h => platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, h).ResponseAsync),
        ("CheckRecusal", h => platform.Planning.CheckRecusalAsync(new CheckRecusalRequest { TourId = tour.TourId, InspectorIds = { "i-020" } }, h).ResponseAsync),
        ("ListExclusions", h => platform.Planning.ListExclusionsAsync(new ListExclusionsRequest { TourId = tour.TourId }, h).ResponseAsync),
    ];

    [Fact]
    public async Task Should_refuse_every_staff_call_without_a_token_or_with_a_role_that_is_not_inspections()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370812");
        var changes = new (string Name, Func<Metadata, Task> Call)[]
        {
            ("ChooseTarget", h => platform.Planning.ChooseTargetAsync(Tours.Choice(tour.PlanId, TargetKind.Division, "370828"), h).ResponseAsync),
            ("FormTeam", h => platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-020", MemberIds = { "i-021" } }, h).ResponseAsync),
            ("DeclareRelative", h => platform.Inspectors.DeclareRelativeAsync(new DeclareRelativeRequest
            {
                InspectorId = "i-020", Relative = new Relative { Kind = "spouse", Name = "某某", Post = "教师", UnitId = "u-370800-education" },
            }, h).ResponseAsync),
            ("SignRecusalDeclaration", h => platform.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = tour.TourId }, h).ResponseAsync),
            ("SeatReplacement", h => platform.Planning.SeatReplacementAsync(new SeatReplacementRequest { TourId = tour.TourId, RecusedInspectorId = "i-021" }, h).ResponseAsync),
        };
        foreach (var (name, call) in Calls(platform, tour).Concat(changes))
        {
            await RefusedAsync(StatusCode.Unauthenticated, () => call(NoToken), name + " without a token");
            await RefusedAsync(StatusCode.PermissionDenied, () => call(IntakeClerk), name + " as an intake clerk");
        }
    }

    [Fact]
    public async Task Should_let_auditors_read_everything_and_change_nothing()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370812");
        foreach (var (name, call) in Calls(platform, tour).Where(c => c.Name != "CreatePlan" && c.Name != "CheckRecusal"))
        {
            await call(Tours.Auditor);
        }
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.CreatePlanAsync(Tours.AdHocPlan(), Tours.Auditor).ResponseAsync, "auditor plans");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.FormTeamAsync(
            new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-020", MemberIds = { "i-021" } }, Tours.Auditor).ResponseAsync, "auditor forms a team");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.ChooseTargetAsync(
            Tours.Choice(tour.PlanId, TargetKind.Division, "370828"), Tours.Auditor).ResponseAsync, "auditor chooses a target");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.SeatReplacementAsync(
            new SeatReplacementRequest { TourId = tour.TourId, RecusedInspectorId = "i-021" }, Tours.Auditor).ResponseAsync, "auditor seats a replacement");
    }

    [Fact]
    public async Task Should_keep_an_inspector_to_their_own_tour_and_their_own_record()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-civil-affairs");
        await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-020", MemberIds = { "i-021" } }, Tours.PlanStaff);
        var other = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-natural-resources");

        Assert.Equal(tour.TourId, (await platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, Tours.Inspector("i-021"))).TourId);
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.GetTourAsync(new GetTourRequest { TourId = other.TourId },
            Tours.Inspector("i-021")).ResponseAsync, "an inspector reads another tour");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Work.SignRecusalDeclarationAsync(
            new SignRecusalDeclarationRequest { TourId = other.TourId }, Tours.Inspector("i-021")).ResponseAsync, "an inspector signs for another tour");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.FormTeamAsync(
            new FormTeamRequest { TourId = other.TourId, LeaderId = "i-021", MemberIds = { "i-022" } }, Tours.Inspector("i-021")).ResponseAsync,
            "an inspector forms a team");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.SeatReplacementAsync(
            new SeatReplacementRequest { TourId = tour.TourId, RecusedInspectorId = "i-021" }, Tours.Inspector("i-020")).ResponseAsync,
            "an inspector seats a replacement on their own tour");
        Assert.Equal("i-021", (await platform.Inspectors.GetInspectorAsync(new GetInspectorRequest { InspectorId = "i-021" }, Tours.Inspector("i-021"))).InspectorId);
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Inspectors.GetInspectorAsync(new GetInspectorRequest { InspectorId = "i-020" },
            Tours.Inspector("i-021")).ResponseAsync, "an inspector reads a colleague");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Inspectors.DeclareRelativeAsync(new DeclareRelativeRequest
        {
            InspectorId = "i-020", Relative = new Relative { Kind = "spouse", Name = "某某", Post = "教师", UnitId = "u-370800-education" },
        }, Tours.Inspector("i-021")).ResponseAsync, "an inspector declares for a colleague");
    }

    [Fact]
    public async Task Should_keep_a_countys_plan_staff_to_their_county()
    {
        var zoucheng = await Tours.PlannedAsync(platform, TargetKind.Division, "370883");
        var plan = await platform.Planning.CreatePlanAsync(Tours.AdHocPlan(), QufuPlanStaff);

        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.ChooseTargetAsync(
            Tours.Choice(plan.PlanId, TargetKind.Division, "370883"), QufuPlanStaff).ResponseAsync, "Qufu chooses Zoucheng");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.GetTourAsync(new GetTourRequest { TourId = zoucheng.TourId },
            QufuPlanStaff).ResponseAsync, "Qufu reads Zoucheng's tour");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.FormTeamAsync(
            new FormTeamRequest { TourId = zoucheng.TourId, LeaderId = "i-020", MemberIds = { "i-021" } }, QufuPlanStaff).ResponseAsync, "Qufu forms Zoucheng's team");
        await RefusedAsync(StatusCode.PermissionDenied, () => platform.Planning.SeatReplacementAsync(
            new SeatReplacementRequest { TourId = zoucheng.TourId, RecusedInspectorId = "i-021" }, QufuPlanStaff).ResponseAsync, "Qufu seats on Zoucheng's team");
        var own = await platform.Planning.ChooseTargetAsync(Tours.Choice(plan.PlanId, TargetKind.Unit, "u-370881-market"), QufuPlanStaff);
        Assert.Equal("u-370881-market", own.Target.Id);
        var candidates = await platform.Planning.ListCandidatesAsync(new ListCandidatesRequest { Kind = TargetKind.Division, Limit = 50 }, QufuPlanStaff);
        Assert.Equal(["370881"], candidates.Candidates.Select(c => c.Target.Id));
    }
}
