using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// The demo city's completed tour (嘉祥县, round 1 of the 2026 plan), loaded by both instances at startup through the domain,
/// read through the API as plan staff, auditors and the public read it.
/// </summary>
public sealed class DemoTourTests(PlatformFixture platform)
{
    public const string DemoPlanId = "0193f0a0-2026-7000-8000-000000000001";

    [Fact]
    public async Task Should_serve_one_closed_tour_with_its_report_rectification_notice_and_three_teams_adjusted()
    {
        var plan = await platform.Planning.GetPlanAsync(new GetPlanRequest { PlanId = DemoPlanId }, Tours.Auditor);
        var tour = Assert.Single(plan.Tours);
        Assert.Equal((TourState.Closed, "370829", 1, "2026-03-02"), (tour.State, tour.Target.Id, tour.Round, tour.StartsOn));
        Assert.All(tour.Team, m => Assert.NotNull(m.DeclarationSignedAt));

        var announcement = await platform.PublicInspection.GetPreAnnouncementAsync(new GetPreAnnouncementRequest { TourId = tour.TourId });
        Assert.Equal("0537-6852002", announcement.Hotline);

        var report = await platform.Work.GetTourReportAsync(new GetTourReportRequest { TourId = tour.TourId }, Tours.PlanStaff);
        Assert.Equal((TourReportState.FedBack, "city-committee", 4), (report.State, report.DecidedBy, report.Findings.Count));
        Assert.All(report.Assessments, a => Assert.NotEmpty(a.FindingIds.Concat(a.WorkRecordIds)));
        Assert.Equal(3, report.RecommendationsMade.Count(r => r.Kind == "adjust-leadership-team" && r.State == "carried-out"));
        var records = await platform.Records.ListWorkRecordsAsync(new ListWorkRecordsRequest { TourId = tour.TourId }, Tours.Auditor);
        Assert.Equal(6, records.Records.Count);

        var progress = await platform.Rectification.GetProgressAsync(new GetProgressRequest { TourId = tour.TourId }, Tours.Auditor);
        Assert.Equal((4, 2, 2, 3), (progress.Total, progress.Verified, progress.Overdue, progress.LeadershipTeamsAdjusted));

        var notice = await platform.PublicInspection.GetRectificationNoticeAsync(new GetRectificationNoticeRequest { TourId = tour.TourId });
        Assert.Equal((4, 2, 2, 2), (notice.Total, notice.Verified, notice.Unfinished, notice.OverdueUnfinished));
        Assert.Equal("2026-10-16", notice.IssuedAt.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd"));
        var jiaxiang = await platform.PublicInspection.ListRectificationNoticesAsync(new ListRectificationNoticesRequest { DivisionCode = "370829", PageSize = 100 });
        Assert.Contains(tour.TourId, jiaxiang.Notices.Select(n => n.TourId));
    }
}
