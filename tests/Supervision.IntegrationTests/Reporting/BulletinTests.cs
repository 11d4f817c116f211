using System.Globalization;
using System.Text;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>The weekly report and monthly bulletin through the real API: the public reads its edition without a token, staff theirs.</summary>
public sealed class BulletinTests(PlatformFixture platform)
{
    /// <summary>The Monday of last week, Beijing time: a week that has ended.</summary>
    private static string LastWeek()
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return monday.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Should_give_anyone_the_public_edition_and_staff_the_staff_edition()
    {
        var request = new GetBulletinRequest { Kind = BulletinKind.Weekly, PeriodStart = LastWeek() };
        var publicClient = new PublicBulletins.PublicBulletinsClient(platform.ReportingChannel);

        var open = await publicClient.GetPublicBulletinAsync(request);
        Assert.Equal(Edition.Public, open.Edition);
        Assert.Equal("370800", open.DivisionCode);
        Assert.StartsWith("济宁市 信访举报工作周报告", open.Title);
        Assert.Equal(12, open.Counties.Count);
        Assert.Empty(open.Units);
        Assert.Empty(open.NamedForLateness);
        var page = await publicClient.RenderPublicBulletinAsync(request, new Metadata { { "accept-language", "en" } });
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.EndsWith("-public.html", page.FileName);
        var html = Encoding.UTF8.GetString(page.Content.ToByteArray());
        Assert.Contains("Public edition", html);
        Assert.Contains("<svg", html);

        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => platform.Figures.GetBulletinAsync(request).ResponseAsync)).StatusCode);
        var staff = await platform.Figures.GetBulletinAsync(request, PlatformFixture.StaffHeaders("370883", Roles.Auditor));
        Assert.Equal((Edition.Staff, "370883"), (staff.Edition, staff.DivisionCode));
        Assert.Equal("370883", Assert.Single(staff.Counties).Current.Id);
        var outside = request.Clone();
        outside.DivisionCode = "370811";
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            platform.Figures.GetBulletinAsync(outside, PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_period_that_has_not_ended_and_name_bad_fields()
    {
        var publicClient = platform.PublicBulletins;
        var thisMonth = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var open = await Assert.ThrowsAsync<RpcException>(() => publicClient.GetPublicBulletinAsync(new GetBulletinRequest
        {
            Kind = BulletinKind.Monthly, PeriodStart = new DateOnly(thisMonth.Year, thisMonth.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, open.StatusCode);
        Assert.Contains("has not ended yet", open.Status.Detail);

        async Task<IReadOnlyDictionary<string, string>> ViolationsAsync(GetBulletinRequest request) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => publicClient.GetPublicBulletinAsync(request).ResponseAsync));
        var nothing = await ViolationsAsync(new GetBulletinRequest());
        Assert.Equal(["kind", "period_start"], nothing.Keys.Order());
        Assert.Equal("a weekly report starts on a Monday (yyyy-MM-dd)",
            (await ViolationsAsync(new GetBulletinRequest { Kind = BulletinKind.Weekly, PeriodStart = "2026-11-17" }))["period_start"]);
        Assert.Equal("a monthly bulletin starts on the 1st of a month (yyyy-MM-dd)",
            (await ViolationsAsync(new GetBulletinRequest { Kind = BulletinKind.Monthly, PeriodStart = "2026-11-02" }))["period_start"]);
        Assert.Contains("kind", (await ViolationsAsync(new GetBulletinRequest { Kind = (BulletinKind)9, PeriodStart = "2026-11-02" })).Keys);
        Assert.Equal("unknown division '370899'", (await ViolationsAsync(new GetBulletinRequest
        {
            Kind = BulletinKind.Weekly, PeriodStart = "2026-11-16", DivisionCode = "370899",
        }))["division_code"]);
    }
}
