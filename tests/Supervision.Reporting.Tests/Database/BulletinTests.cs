using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Supervision.Reference;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.Reporting.V1;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

namespace Supervision.Reporting.Tests.Database;

/// <summary>The weekly report and monthly bulletin of <see cref="HandCountedWeek"/>: rankings, comparison and the units named, counted by hand.</summary>
public sealed class BulletinTests(TestServers servers) : HandCountedWeekTest(servers)
{
    private readonly FakeTimeProvider _clock = new(CaseEvents.At(11, 26, 9));
    [Fact]
    public async Task Should_rank_counties_and_units_by_their_on_time_score_and_name_the_late_ones()
    {
        var week = await MakeAsync(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 16), "370800");

        // City: acknowledged 1/2, closed 3/4, feedback 2/2: (50 + 75 + 100) / 3.
        Assert.Equal(75.0, week.Total.Score);
        Assert.Equal(1, week.Total.Previous.ReportsReceived);
        Assert.Null(week.Total.PreviousScore);
        var first = week.Counties[0];
        Assert.Equal(("370883", 75.0, 1), (first.Current.UnitId, first.Score, first.Rank));
        Assert.All(week.Counties.Skip(1), c => Assert.Equal(0, c.Rank));
        // B: 100; A: (50 + 66.7 + 100) / 3 = 72.2; C: nothing fell due.
        Assert.Equal([(UnitB, 100.0, 1), (UnitA, 72.2, 2), (UnitC, (double?)null, 0)],
            week.Units.Select(u => (u.Current.UnitId, u.Score, u.Rank)));
        var late = Assert.Single(week.NamedForLateness);
        Assert.Equal((UnitA, 0, 1, 0, 0), (late.UnitId, late.Acknowledgements, late.Closings, late.Feedback, late.Other));
    }

    [Fact]
    public async Task Should_compare_a_month_with_the_one_before()
    {
        _clock.SetUtcNow(CaseEvents.At(12, 5, 9));
        var november = await MakeAsync(BulletinPeriodKind.Monthly, new DateOnly(2026, 11, 1), "370883");
        var a = november.Units.Single(u => u.Current.UnitId == UnitA);
        Assert.Equal((3, 3, 2), (a.Current.ReportsReceived, a.Current.CasesOpened, a.Current.ElectionCases));
        Assert.Equal((2, 3), (a.Current.ClosedOnTime, a.Current.ClosingsDue));
        Assert.Equal(72.2, a.Score);
        Assert.Equal(0, a.Previous.ReportsReceived);
        Assert.Equal(0, a.PreviousRank);
        Assert.Equal(["370883"], november.Counties.Select(c => c.Current.UnitId));

        var december = await Assert.ThrowsAsync<DomainRuleException>(() => MakeAsync(BulletinPeriodKind.Monthly, new DateOnly(2026, 12, 1), "370883"));
        Assert.Contains("2026-12-01", december.Message);
    }

    [Fact]
    public async Task Should_refuse_a_week_that_has_not_ended()
    {
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => MakeAsync(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 23), "370800"));
        Assert.Contains("2026-11-23", refused.Message);
        Assert.Contains("2026-11-29", refused.Message);
        Assert.Null(BulletinPeriod.Starting(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 17)));
        Assert.Null(BulletinPeriod.Starting(BulletinPeriodKind.Monthly, new DateOnly(2026, 11, 2)));
        Assert.Equal(new DateOnly(2026, 3, 1), BulletinPeriod.Starting(BulletinPeriodKind.Monthly, new DateOnly(2026, 2, 1))!.End);
    }

    [Fact]
    public async Task Should_render_the_staff_edition_with_units_and_the_public_edition_without()
    {
        var week = await MakeAsync(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 16), "370800");
        var reading = new BulletinReading(new Figures(TestData.Directory));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            var staff = reading.Read(week, Edition.Staff, _clock.GetUtcNow());
            Assert.Equal("济宁市 信访举报工作周报告（2026-11-16 至 2026-11-22）", staff.Title);
            Assert.Contains("按时签收率 50.0%（1/2），按时办结率 75.0%（3/4），按时反馈率 100.0%（2/2）。", staff.Summary);
            Assert.Contains("排名第一：邹城市（75.0 分）。", staff.Summary);
            var html = BulletinHtml.Render(staff);
            Assert.Contains("<svg", html);
            Assert.Contains("邹城市纪委监委：本期逾期 1 项（签收 0 项、办结 1 项、反馈 0 项、其他 0 项），予以通报。", html);
            Assert.Contains("钢山街道党工委、办事处", html);

            var open = reading.Read(week, Edition.Public, _clock.GetUtcNow());
            Assert.Empty(open.Units);
            Assert.Empty(open.NamedForLateness);
            var publicHtml = Encoding.UTF8.GetString(BulletinRequests.Html(open).Content.ToByteArray());
            Assert.Contains("公开版", publicHtml);
            Assert.Contains("邹城市", publicHtml);
            Assert.DoesNotContain("纪委监委", publicHtml);
            Assert.DoesNotContain("逾期通报", publicHtml);

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var english = reading.Read(week, Edition.Public, _clock.GetUtcNow());
            Assert.Equal("Jining weekly report on reports and cases (2026-11-16 to 2026-11-22)", english.Title);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private Task<BulletinFigures> MakeAsync(BulletinPeriodKind kind, DateOnly start, string division) =>
        Db.InTransactionAsync(t => new Bulletins(new IndicatorCalculator(TestData.Directory), TestData.Dispatch, _clock)
            .MakeAsync(t, BulletinPeriod.Starting(kind, start)!, division, CancellationToken.None));
}
