using Supervision.Inspection.Domain;
using Supervision.Reference;
using Supervision.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Supervision.Inspection.Tests.Database;

/// <summary>Pre-announcements: published once by a member, listed newest first by division with keyset pages.</summary>
public sealed class PreAnnouncementTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private static readonly PreAnnouncementText Text = new("听取干部群众意见，发现问题。", "个别谈话、受理来信来访。", "严守廉洁纪律，不干预工作。", "邹城市某路1号",
        "0537-5210000", "邹城市第8号信箱", "xuncha@jining.example", "12380");

    private PreAnnouncements Announcements => Services.GetRequiredService<PreAnnouncements>();

    [Fact]
    public async Task Should_list_by_division_newest_first_in_pages_and_refuse_a_second_publication()
    {
        var tours = new List<TourRecord>();
        foreach (var target in new[] { "370883", "370881", "370811" })
        {
            var tour = await PlannedTourAsync(TargetKinds.Division, target);
            await Planning.FormTeamAsync(tour.Id, "i-010", ["i-011"], "plan-staff", CancellationToken.None);
            await Announcements.PublishAsync(tour.Id, "i-010", Text, CancellationToken.None);
            Time.Advance(TimeSpan.FromMinutes(1));
            tours.Add(tour);
        }

        var city = TestData.City.Subtree("370800");
        var first = await Announcements.PageAsync(city, null, 2, CancellationToken.None);
        Assert.Equal([tours[2].Id, tours[1].Id], first.Select(a => a.Tour.Id));
        var second = await Announcements.PageAsync(city, (first[^1].PublishedAt.UtcDateTime, first[^1].Tour.Id), 2, CancellationToken.None);
        Assert.Equal([tours[0].Id], second.Select(a => a.Tour.Id));
        Assert.Equal([tours[1].Id], (await Announcements.PageAsync(TestData.City.Subtree("370881"), null, 10, CancellationToken.None)).Select(a => a.Tour.Id));
        await Assert.ThrowsAsync<DomainRuleException>(() => Announcements.PublishAsync(tours[0].Id, "i-011", Text, CancellationToken.None));
        await Assert.ThrowsAsync<NotTeamMemberException>(() => Announcements.PublishAsync(tours[0].Id, "i-012", Text, CancellationToken.None));
    }
}
