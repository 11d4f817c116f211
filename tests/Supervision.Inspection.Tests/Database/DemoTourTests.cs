using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>
/// The demo city's completed tour, loaded through the domain on a real PostgreSQL by two instances starting together and
/// once more after: one tour, closed with its notice, verified and overdue items, three leadership teams adjusted, and
/// each event once with its historical time.
/// </summary>
public sealed class DemoTourTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Should_load_one_completed_tour_however_often_the_instances_start()
    {
        var load = () => new DemoTourLoader(Services, DataSource, NullLoggerFactory.Instance).StartAsync(None);
        await Task.WhenAll(load(), load());
        await load();

        var tour = Assert.Single((await Planning.PlanAsync(DemoTour.Plan.Id, None)).Tours);
        Assert.Equal((TourStates.Closed, DemoTour.TargetDivision, DemoTour.StartsOn, new DateOnly(2026, 4, 15)),
            (tour.State, tour.Target.Id, tour.StartsOn, tour.EndsOn));
        Assert.All(tour.Team, m => Assert.NotNull(m.DeclarationSignedAt));
        Assert.Equal(3, tour.Team.Count);

        var (report, findings) = await Work.ReportAsync(tour.Id, None);
        Assert.Equal((ReportStates.FedBack, DemoTour.CityCommittee), (report!.State, report.DecidedBy));
        Assert.Equal(DemoTour.Findings.Count, findings.Count);
        var (assessments, recommendations) = await Assessments.OfTourAsync(tour.Id, None);
        Assert.Equal(DemoTour.Assessments.Count, assessments.Count);
        Assert.Equal(DemoTour.Recommendations.Select(r => r.FinalState).Order(), recommendations.Select(r => r.State).Order());
        Assert.Equal(3, await Recommendations.TeamsAdjustedAsync(tour.Id, null, None));

        var items = await Rectification.OfTourAsync(tour.Id, None);
        Assert.Equal(new ProgressRecord(4, 0, 1, 1, 2, 2), RectificationSteps.Progress(items));
        Assert.All(items.Where(i => i.Overdue), i => Assert.True(i.Deadline < DemoTour.Days.Closed));
        var notice = (await Services.GetRequiredService<TourClosing>().NoticeAsync(tour.Id, None))!;
        Assert.Equal((4, 2, 2, 2, DemoTour.Days.Closed), (notice.Items.Count, notice.Verified, notice.Unfinished, notice.OverdueUnfinished, notice.IssuedOn));

        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%RectificationNoticeIssued%'"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%RectificationOverdue%'"));
        Assert.Equal(DemoTour.WorkRecords.Count, await connection.ExecuteScalarAsync<int>("select count(*) from work_records where tour_id = @id", new { id = tour.Id }));
        // The tour happened in 2026: the events carry the days it happened, not the day it was loaded.
        Assert.Equal(new DateOnly(2026, 4, 2), DateOnly.FromDateTime(await connection.ExecuteScalarAsync<DateTime>(
            "select min(recorded_at) from findings where tour_id = @id", new { id = tour.Id })));
    }
}
