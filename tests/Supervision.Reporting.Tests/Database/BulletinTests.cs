using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.Reporting.V1;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;
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

    [Fact]
    public async Task Should_show_each_units_latest_panel_score_and_place_beside_the_previous_period()
    {
        var week = await MakeAsync(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 16), "370800");
        // A: Friday's 86.25 (2nd of 8), not Wednesday's 85.50; the week before 82.40 (3rd): +3.85. B: 84.00 against 90.10: -6.10.
        (string, double?, int, double?, int, double?)[] units =
            [(UnitA, 86.25, 2, 82.40, 3, 3.85), (UnitB, 84.00, 3, 90.10, 1, -6.10), (UnitC, 79.50, 5, null, 0, null)];
        Assert.Equal(units, week.PanelScores.Units.Select(u => (u.UnitId, u.Current?.Score, u.Current?.Place ?? 0, u.Previous?.Score, u.Previous?.Place ?? 0, u.Change)));
        // 邹城市: (86.25 + 84.00) / 2 = 85.125, shown 85.13; the week before (82.40 + 90.10) / 2 = 86.25; 85.13 - 86.25 = -1.12.
        (string, int, double?, int, double?, double?)[] counties = [("370883", 2, 85.13, 2, 86.25, -1.12), ("370811", 1, 79.50, 0, null, null)];
        Assert.Equal(counties, week.PanelScores.Counties.Select(c => (c.DivisionCode, c.UnitsScored, c.Mean, c.PreviousUnitsScored, c.PreviousMean, c.Change)));

        _clock.SetUtcNow(CaseEvents.At(12, 5, 9));
        var november = await MakeAsync(BulletinPeriodKind.Monthly, new DateOnly(2026, 11, 1), "370883");
        // 任城区's C is outside 邹城市. A against October's 80.00: +6.25; B was not scored in October.
        units = [(UnitA, 86.25, 2, 80.00, 4, 6.25), (UnitB, 84.00, 3, null, 0, null)];
        Assert.Equal(units, november.PanelScores.Units.Select(u => (u.UnitId, u.Current?.Score, u.Current?.Place ?? 0, u.Previous?.Score, u.Previous?.Place ?? 0, u.Change)));
        counties = [("370883", 2, 85.13, 1, 80.00, 5.13)];
        Assert.Equal(counties, november.PanelScores.Counties.Select(c => (c.DivisionCode, c.UnitsScored, c.Mean, c.PreviousUnitsScored, c.PreviousMean, c.Change)));

        var reading = new BulletinReading(new Figures(TestData.Directory));
        var staff = Languages.In("zh-Hans", () => reading.Read(week, Edition.Staff, _clock.GetUtcNow()));
        var a = staff.PanelScores[0];
        Assert.Equal(("邹城市纪委监委", "departments", 86.25, 2, 8, 82.40, 3, 3.85),
            (a.UnitName, a.Group, a.Score, a.Place, a.RankedUnits, a.PreviousScore, a.PreviousPlace, a.Change));
        Assert.False(staff.PanelScores[2].HasChange);
        var html = Languages.In("zh-Hans", () => BulletinHtml.Render(staff));
        Assert.Contains("<caption>各单位评议得分</caption>", html);
        Assert.Contains("<td>邹城市纪委监委</td><td>86.25</td><td>第 2 名（共 8 个）</td><td>82.40（第 3 名，共 8 个）</td><td>", html);
        Assert.Contains("<td>邹城市</td><td>2</td><td>85.13</td><td>86.25</td><td>-1.12</td>", html);

        var open = Languages.In("zh-Hans", () => reading.Read(week, Edition.Public, _clock.GetUtcNow()));
        Assert.Empty(open.PanelScores);
        Assert.Equal(["370883", "370811"], open.CountyPanelScores.Select(c => c.DivisionCode));
        var publicHtml = Languages.In("zh-Hans", () => BulletinHtml.Render(open));
        Assert.Contains("<caption>各县（市、区）评议得分</caption>", publicHtml);
        Assert.DoesNotContain("各单位评议得分", publicHtml);

        var english = Languages.In("en", () => BulletinHtml.Render(reading.Read(week, Edition.Staff, _clock.GetUtcNow())));
        Assert.Contains("<caption>Panel scores by unit</caption>", english);
        Assert.Contains("<td>86.25</td><td>2 of 8</td><td>82.40 (3 of 8)</td><td>", english);
    }

    [Fact]
    public async Task Should_make_the_previous_period_on_a_second_connection_with_the_same_snapshot()
    {
        var bulletins = new Bulletins(new IndicatorCalculator(TestData.Directory), TestData.Dispatch, _clock);
        var period = BulletinPeriod.Starting(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 16))!;
        var alone = await MakeAsync(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 16), "370800");
        var late = new CaseEvents(UnitA);

        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        BulletinFigures shared;
        await using (var previousPeriod = await SharedSnapshot.OpenAsync(Db.DataSource, transaction, CancellationToken.None))
        {
            // A case of the previous week recorded after the snapshot was taken: neither connection sees it.
            await Db.RecordAllAsync([late.Opened(At(11, 10, 9)), late.Assigned(At(11, 10, 9), At(11, 17, 9))]);
            shared = await bulletins.MakeAsync(transaction, previousPeriod.Transaction, period, "370800", CancellationToken.None);
        }
        await transaction.CommitAsync();

        Assert.Equal(JsonSerializer.Serialize(alone), JsonSerializer.Serialize(shared));
        var after = await MakeAsync(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 16), "370800");
        Assert.Equal(alone.Total.Previous.CasesOpened + 1, after.Total.Previous.CasesOpened);
    }

    private Task<BulletinFigures> MakeAsync(BulletinPeriodKind kind, DateOnly start, string division) =>
        Db.InTransactionAsync(t => new Bulletins(new IndicatorCalculator(TestData.Directory), TestData.Dispatch, _clock)
            .MakeAsync(t, BulletinPeriod.Starting(kind, start)!, division, CancellationToken.None));
}
