using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>The pre-announcement (巡察预告): published once by the team on arrival, read by anyone without a token.</summary>
public sealed class PreAnnouncementTests(PlatformFixture platform)
{
    public static PublishPreAnnouncementRequest Announcement(string tourId, Action<PublishPreAnnouncementRequest>? change = null)
    {
        var request = new PublishPreAnnouncementRequest
        {
            TourId = tourId,
            Purpose = "根据市委统一部署，对被巡察单位党组织开展常规巡察，听取干部群众意见。",
            Methods = "个别谈话、受理来信来电来访、调阅资料、实地走访。",
            Discipline = "巡察组严格遵守廉洁纪律，不干预被巡察单位正常工作。",
            OfficeAddress = "微山县夏镇街道奎文路1号",
            ContactPhone = "0537-8250000",
            Mailbox = "微山县邮政局第12号信箱",
            Email = "xuncha3zu@jining.example",
            Hotline = "12380",
        };
        change?.Invoke(request);
        return request;
    }

    [Fact]
    public async Task Should_publish_once_on_arrival_and_let_anyone_read_it_without_a_token()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, "370826");
        await platform.Planning.FormTeamAsync(new FormTeamRequest { TourId = tour.TourId, LeaderId = "i-033", MemberIds = { "i-034" } }, Tours.PlanStaff);

        var published = await platform.Work.PublishPreAnnouncementAsync(Announcement(tour.TourId), Tours.Inspector("i-033"));
        Assert.Equal((tour.StartsOn, tour.EndsOn), (published.StartsOn, published.EndsOn));

        var chinese = new Metadata { { "accept-language", "zh-CN" } };
        var read = await platform.PublicInspection.GetPreAnnouncementAsync(new GetPreAnnouncementRequest { TourId = tour.TourId }, chinese);
        Assert.Equal(("微山县", "12380", "0537-8250000"), (read.Target.Name, read.Hotline, read.ContactPhone));
        var listed = await platform.PublicInspection.ListPreAnnouncementsAsync(new ListPreAnnouncementsRequest { DivisionCode = "370826" });
        Assert.Contains(listed.PreAnnouncements, a => a.TourId == tour.TourId);
        Assert.DoesNotContain((await platform.PublicInspection.ListPreAnnouncementsAsync(new ListPreAnnouncementsRequest { DivisionCode = "370881" })).PreAnnouncements,
            a => a.TourId == tour.TourId);

        var twice = await Assert.ThrowsAsync<RpcException>(() => platform.Work.PublishPreAnnouncementAsync(Announcement(tour.TourId), Tours.Inspector("i-034")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => platform.Work.PublishPreAnnouncementAsync(Announcement(tour.TourId), Tours.Inspector("i-035")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => platform.Work.PublishPreAnnouncementAsync(Announcement(tour.TourId), new Metadata()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var planStaff = await Assert.ThrowsAsync<RpcException>(() => platform.Work.PublishPreAnnouncementAsync(Announcement(tour.TourId), Tours.PlanStaff).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, planStaff.StatusCode);
    }

    [Fact]
    public async Task Should_answer_not_found_for_a_tour_without_a_pre_announcement()
    {
        var tour = await Tours.PlannedAsync(platform, TargetKind.Department, "u-370800-public-security");
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            platform.PublicInspection.GetPreAnnouncementAsync(new GetPreAnnouncementRequest { TourId = tour.TourId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
