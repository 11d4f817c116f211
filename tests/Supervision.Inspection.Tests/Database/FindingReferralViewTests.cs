using Microsoft.Extensions.DependencyInjection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>
/// What a tour shows of its referred findings, on a real PostgreSQL: the report intake made of each, and the case routing
/// opened for it as inspection's projection learns it from routing's events, in whatever order they arrive.
/// </summary>
public sealed class FindingReferralViewTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Should_show_each_referral_with_its_report_and_then_its_case_as_routing_moves_it()
    {
        var caseload = Services.GetRequiredService<TourCaseloadQueries>();
        var tour = await TourUnderWayAsync(TargetKinds.Division, "370830", new DateOnly(2026, 11, 16), "i-023", "i-032");
        var finding = await Work.RecordFindingAsync(tour.Id, "i-023", new FindingRecord(Guid.Empty, tour.Id, "integrity", "县市场监管局违规收取咨询费用",
            "财务凭证", "serious", [], ["u-370830-market"], "i-023"), None);
        await Work.RecordFindingAsync(tour.Id, "i-023", new FindingRecord(Guid.Empty, tour.Id, "work-style", "会议多、文件多，基层负担重",
            "文件清单", "minor", [], ["u-370830-gov"], "i-023"), None);
        var reportId = Guid.NewGuid();
        await InTransactionAsync(t => FindingReferralStore.InsertAsync(t, finding, reportId, "370800-2026-000042", "i-032", Time.GetUtcNow(), None));

        var referred = Assert.Single(await caseload.ReferralsAsync(tour.Id, None));
        Assert.Equal((finding.Id, reportId, "370800-2026-000042", "i-032", (Guid?)null, CaseProgressNames.NotOpened),
            (referred.FindingId, referred.ReportId, referred.TrackingNumber, referred.ReferredBy, referred.CaseId, referred.CaseProgress));

        // Routing opens the case, then concludes it: the referral follows, and another tour sees none of it.
        var caseId = Guid.NewGuid();
        await InTransactionAsync(async t =>
        {
            await ProjectionStore.LinkAsync(t, caseId, [reportId], None);
            await ProjectionStore.CaseOpenedAsync(t, caseId, Time.GetUtcNow(), None);
        });
        Assert.Equal((caseId, CaseProgressNames.Open), ((await caseload.ReferralsAsync(tour.Id, None))[0].CaseId, (await caseload.ReferralsAsync(tour.Id, None))[0].CaseProgress));
        await InTransactionAsync(t => ProjectionStore.MarkCaseAsync(t, caseId, substantiated: true, late: false, closed: false, None));
        Assert.Equal(CaseProgressNames.Concluded, Assert.Single(await caseload.ReferralsAsync(tour.Id, None)).CaseProgress);
        var other = await TourUnderWayAsync(TargetKinds.Division, "370811", new DateOnly(2026, 11, 16), "i-038", "i-042");
        Assert.Empty(await caseload.ReferralsAsync(other.Id, None));
    }
}
