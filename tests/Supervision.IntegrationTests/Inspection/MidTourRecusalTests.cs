using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// A conflict that appears while the team serves, through the real API: a relative declared later or a report that names
/// a member recuses them, the exclusion is recorded mid-tour with a replacement proposed, and the team and plan staff see it.
/// </summary>
public sealed class MidTourRecusalTests(PlatformFixture platform)
{
    private async Task<Tour> ServingAsync(string division, string leader, string member)
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, division);
        return await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = leader, MemberIds = { member } }, Tours.PlanStaff);
    }

    private Task<Tour> TourAsync(Tour tour, Metadata caller) => platform.Planning.GetTourAsync(new GetTourRequest { TourId = tour.TourId }, caller).ResponseAsync;

    [Fact]
    public async Task Should_recuse_a_member_who_declares_a_relative_at_the_target_and_show_it_to_the_team_and_plan_staff()
    {
        var tour = await ServingAsync("370828", "i-037", "i-040");

        // i-040 declares their spouse, a deputy county head of 金乡县, with their own token.
        await platform.Inspectors.DeclareRelativeAsync(new DeclareRelativeRequest
        {
            InspectorId = "i-040", Relative = new Relative { Kind = "spouse", Name = "李红", Post = "副县长", UnitId = "u-370828-gov" },
        }, Tours.Inspector("i-040"));

        var english = Tours.Inspector("i-037");
        english.Add("accept-language", "en");
        var seenByLeader = await TourAsync(tour, english);
        var recused = seenByLeader.Team.Single(m => m.InspectorId == "i-040");
        Assert.NotNull(recused.RecusedAt);
        Assert.Equal("relative-at-target", recused.RecusalRule);
        Assert.Contains("spouse", recused.RecusalReason);
        Assert.Null(seenByLeader.Team.Single(m => m.InspectorId == "i-037").RecusedAt);
        Assert.NotEmpty(recused.ProposedReplacementId);
        Assert.DoesNotContain(tour.Team, m => m.InspectorId == recused.ProposedReplacementId);

        var exclusion = Assert.Single((await platform.Planning.ListExclusionsAsync(new ListExclusionsRequest { TourId = tour.TourId }, Tours.PlanStaff)).Exclusions);
        Assert.Equal(("i-040", "relative-at-target", true, "i-040", recused.ProposedReplacementId),
            (exclusion.InspectorId, exclusion.Rule, exclusion.MidTour, exclusion.RecordedBy, exclusion.ProposedReplacementId));
        Assert.Contains("Jinxiang County People's Government", exclusion.Reason);

        // Recused, i-040 no longer acts for the tour, nor reads it.
        var finding = await Assert.ThrowsAsync<RpcException>(() => platform.Work.RecordFindingAsync(new RecordFindingRequest
        {
            TourId = tour.TourId, Category = "work-style", Description = "会议多、文件多，基层负担重", Evidence = "文件清单", Severity = Severity.Minor,
            UnitIds = { "u-370828-gov" },
        }, Tours.Inspector("i-040")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, finding.StatusCode);
        var read = await Assert.ThrowsAsync<RpcException>(() => TourAsync(tour, Tours.Inspector("i-040")));
        Assert.Equal(StatusCode.PermissionDenied, read.StatusCode);
    }

    [Fact]
    public async Task Should_recuse_a_member_once_a_report_naming_them_reaches_inspection()
    {
        var tour = await ServingAsync("370812", "i-041", "i-043");

        // A report names i-043's own cadre record (c-0045): inspection learns it from intake's event.
        var report = Reports.RealName(Channel.Hotline, "370800");
        report.Subjects[0].CadreId = "c-0045";
        await platform.Public.SubmitReportAsync(report, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));

        var after = await Eventually.ReachedAsync(() => TourAsync(tour, Tours.PlanStaff),
            t => t.Team.Single(m => m.InspectorId == "i-043").RecusedAt is not null, "i-043 is recused from the tour in progress");
        var recused = after.Team.Single(m => m.InspectorId == "i-043");
        Assert.Equal("open-case-subject", recused.RecusalRule);
        Assert.Null(after.Team.Single(m => m.InspectorId == "i-041").RecusedAt);
        Assert.Equal(TourState.TeamFormed, after.State);

        var exclusion = Assert.Single((await platform.Planning.ListExclusionsAsync(new ListExclusionsRequest { TourId = tour.TourId }, Tours.Auditor)).Exclusions);
        Assert.Equal(("open-case-subject", true, "system:report-received"), (exclusion.Rule, exclusion.MidTour, exclusion.RecordedBy));
        Assert.DoesNotContain("王建国", exclusion.Reason + recused.RecusalReason);
    }
}
