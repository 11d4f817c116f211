using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.IntegrationTests.Routing;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Reporting.V1;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// An ordinary case moved to the election clock, through the real APIs: an ordinary report opens a case, an election report
/// about the same cadre and matter joins it and moves it to the election clock, and reporting's figures count it from then on
/// as an election case of its lead, with the hour to acknowledge (an ordinary case has no acknowledgement deadline, so its
/// acknowledgement is never due). 金乡县's intake centre (u-370828-intake) and cadre c-0185 are this class's own.
/// </summary>
public sealed class ElectionClockMoveTests(PlatformFixture platform)
{
    private const string County = "370828";
    private const string Cadre = "c-0185";
    private static readonly Metadata Officer = PlatformFixture.StaffHeaders(County, Roles.OversightOfficer);

    [Fact]
    public async Task Should_count_a_case_moved_to_the_election_clock_as_an_election_case_with_the_hour_to_acknowledge()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (_, opened) = await CaseHandlingTests.SubmitAndRouteAsync(platform, Category.Other, County, Cadre);
        Assert.False(opened.ElectionClock);
        var lead = opened.LeadUnitId;
        Assert.Equal("u-370828-intake", lead);
        var window = new GetIndicatorsRequest
        {
            DivisionCode = County, From = Timestamp.FromDateTimeOffset(start), To = Timestamp.FromDateTimeOffset(start.AddDays(1)),
        };
        var ordinary = await Eventually.ReachedAsync(() => FiguresAsync(window), f => UnitOf(f, lead) is { ReportsReceived: 1, CasesOpened: 1 },
            "the ordinary case counted for its lead");
        Assert.Equal(0, UnitOf(ordinary, lead)!.ElectionCases);

        // An election report about the same cadre and matter joins the case: routing moves it to the election clock.
        var request = Reports.Anonymous(Channel.Hotline, County);
        request.Category = Category.Other;
        request.ElectionRelated = true;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = Cadre });
        var election = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders(County, Roles.IntakeClerk));
        var moved = await Eventually.ReachedAsync(
            () => platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId }, Officer).ResponseAsync,
            c => c.ElectionClock, "the case on the election clock");
        Assert.Contains(election.ReportId, moved.ReportIds);
        var hour = election.ReceivedAt.ToDateTimeOffset() + RoutingClocks.Configured.ElectionAcknowledgeWithin;
        RoutingClocks.AssertDeadline(hour, moved.Tasks.Single(t => t.Lead).AcknowledgeBy, "the lead's acknowledgement");

        // Reporting: an election case of its lead, both reports received for that lead, and nothing due before the hour.
        var counted = await Eventually.ReachedAsync(() => FiguresAsync(window), f => UnitOf(f, lead) is { ElectionCases: 1, ReportsReceived: 2 },
            "the case counted as an election case");
        Assert.Equal((1, 0), (UnitOf(counted, lead)!.CasesOpened, UnitOf(counted, lead)!.AcknowledgedOnTime.Of));
        Assert.True(counted.Counties.Single(c => c.Id == County).ElectionCases >= 1);

        // The lead acknowledges within the hour: the election deadline makes it an acknowledgement due, and met.
        await platform.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = opened.CaseId, UnitId = lead },
            PlatformFixture.StaffHeaders(County, Roles.Handler));
        var acknowledged = await Eventually.ReachedAsync(() => FiguresAsync(window), f => UnitOf(f, lead) is { AcknowledgedOnTime.Of: 1 },
            "the acknowledgement judged against the hour");
        var row = UnitOf(acknowledged, lead)!;
        Assert.Equal((1, 1, 100.0, 1), (row.AcknowledgedOnTime.Count, row.AcknowledgedOnTime.Of, row.AcknowledgedOnTime.Percent, row.ElectionCases));
    }

    private async Task<Indicators> FiguresAsync(GetIndicatorsRequest window) => await platform.Figures.GetIndicatorsAsync(window, Officer);

    private static IndicatorRow? UnitOf(Indicators figures, string unitId) => figures.Units.SingleOrDefault(u => u.Id == unitId);
}
