using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// After a mid-tour recusal, plan staff seat a replacement through the real API: recusal is checked again for the one
/// they name, the proposed one joins the team once, the team sees it, and the new member acts only after signing the
/// recusal declaration like the others. The tour is 泗水县 (370831) with inspectors no other scenario uses.
/// </summary>
public sealed class ReplacementSeatingTests(PlatformFixture platform)
{
    private const string Leader = "i-016";
    private const string Recused = "i-024";

    private async Task<Tour> RecusedAsync()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370831");
        await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = Leader, MemberIds = { Recused } }, Tours.PlanStaff);
        // A relative declared at the target recuses i-024 (each test run starts a fresh platform).
        await platform.Inspectors.DeclareRelativeAsync(new DeclareRelativeRequest
        {
            InspectorId = Recused, Relative = new Relative { Kind = "spouse", Name = "赵敏", Post = "副县长", UnitId = "u-370831-gov" },
        }, Tours.Inspector(Recused));
        return await platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, Tours.PlanStaff);
    }

    private Task<Tour> SeatAsync(Tour tour, string replacementId, Metadata caller) =>
        platform.Planning.SeatReplacementAsync(new SeatReplacementRequest
        {
            TourId = tour.TourId, RecusedInspectorId = Recused, ReplacementId = replacementId,
        }, caller).ResponseAsync;

    private static async Task<RpcException> RefusedAsync(StatusCode expected, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == refused.StatusCode, $"expected {expected}, got {refused.StatusCode} ({refused.Status.Detail})");
        return refused;
    }

    [Fact]
    public async Task Should_check_recusal_again_seat_the_proposed_replacement_once_and_have_them_sign_before_acting()
    {
        var tour = await RecusedAsync();
        var recused = tour.Team.Single(m => m.InspectorId == Recused);
        Assert.NotNull(recused.RecusedAt);
        var proposed = recused.ProposedReplacementId;
        Assert.NotEmpty(proposed);

        // Access: no token, another role, plan staff of another division, a member of the team; then bad input.
        await RefusedAsync(StatusCode.Unauthenticated, () => SeatAsync(tour, "", new Metadata()));
        await RefusedAsync(StatusCode.PermissionDenied, () => SeatAsync(tour, "", Tours.Inspector(Leader)));
        await RefusedAsync(StatusCode.PermissionDenied, () => SeatAsync(tour, "", Tours.Auditor));
        await RefusedAsync(StatusCode.PermissionDenied, () => SeatAsync(tour, "", PlatformFixture.StaffHeadersAs("plan-staff-370811", "370811", Roles.PlanStaff)));
        var unknown = await RefusedAsync(StatusCode.InvalidArgument, () => SeatAsync(tour, "i-999", Tours.PlanStaff));
        Assert.Contains("replacement_id", Reports.Violations(unknown).Keys);

        // i-019 comes from 泗水县: recusal refuses the seat naming member and rule, and the exclusion is recorded.
        var english = Tours.PlanStaff;
        english.Add("accept-language", "en");
        var conflicted = await RefusedAsync(StatusCode.FailedPrecondition, () => SeatAsync(tour, "i-019", english));
        Assert.Contains("i-019 [home-division]", conflicted.Status.Detail);
        Assert.Contains("cannot be seated", conflicted.Status.Detail);
        var exclusions = await platform.Planning.ListExclusionsAsync(new ListExclusionsRequest { TourId = tour.TourId }, Tours.Auditor);
        Assert.Contains(exclusions.Exclusions, e => e.InspectorId == "i-019" && e.Rule == "home-division" && !e.MidTour);

        // Only a recused member is replaced.
        var notRecused = await RefusedAsync(StatusCode.FailedPrecondition, () => platform.Planning.SeatReplacementAsync(new SeatReplacementRequest
        {
            TourId = tour.TourId, RecusedInspectorId = Leader,
        }, Tours.PlanStaff).ResponseAsync);
        Assert.Contains(Leader, notRecused.Status.Detail);

        // The proposed replacement is seated, not as leader, and has not signed yet; the team sees who replaced whom.
        var seated = await SeatAsync(tour, "", Tours.PlanStaff);
        var member = seated.Team.Single(m => m.InspectorId == proposed);
        Assert.False(member.Leader);
        Assert.Null(member.RecusedAt);
        Assert.Null(member.DeclarationSignedAt);
        Assert.NotNull(member.SeatedAt);
        var seenByLeader = await platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, Tours.Inspector(Leader));
        Assert.Equal(proposed, seenByLeader.Team.Single(m => m.InspectorId == Recused).ReplacedBy);
        Assert.True(seenByLeader.Team.Single(m => m.InspectorId == Leader).Leader);

        // Once: a second seat for the same recusal is refused.
        await RefusedAsync(StatusCode.FailedPrecondition, () => SeatAsync(tour, "", Tours.PlanStaff));

        // The new member reads the tour, but acts only after signing the recusal declaration, once.
        var finding = new RecordFindingRequest
        {
            TourId = tour.TourId, Category = "work-style", Description = "会议多、文件多，基层负担重", Evidence = "文件清单", Severity = Severity.Minor,
            UnitIds = { "u-370831-gov" },
        };
        await platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, Tours.Inspector(proposed));
        var chinese = Tours.Inspector(proposed);
        chinese.Add("accept-language", "zh-CN");
        var unsigned = await RefusedAsync(StatusCode.FailedPrecondition, () => platform.Work.RecordFindingAsync(finding, chinese).ResponseAsync);
        Assert.Contains("回避声明", unsigned.Status.Detail);
        var signed = await platform.Work.SignRecusalDeclarationAsync(new SignRecusalDeclarationRequest { TourId = tour.TourId }, Tours.Inspector(proposed));
        Assert.NotNull(signed.Team.Single(m => m.InspectorId == proposed).DeclarationSignedAt);
        Assert.Equal(proposed, (await platform.Work.RecordFindingAsync(finding, Tours.Inspector(proposed))).RecordedBy);
    }
}
