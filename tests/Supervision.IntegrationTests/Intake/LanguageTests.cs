using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Intake;

/// <summary>
/// People read Simplified Chinese unless they ask for English with accept-language: the same report and the same
/// mistakes read in either language, through the real services. These calls go over <see cref="PlatformFixture.Channel"/>,
/// which sends no language of its own.
/// </summary>
public sealed class LanguageTests(PlatformFixture platform)
{
    private ReportIntake.ReportIntakeClient Public => new(platform.Channel);

    [Fact]
    public async Task Should_describe_bad_fields_in_chinese_without_accept_language_and_in_english_with_en()
    {
        var request = Reports.RealName(phone: "12345");
        request.Account = "";

        var chinese = await Assert.ThrowsAsync<RpcException>(() => Public.SubmitReportAsync(request, PlatformFixture.PublicCaller()).ResponseAsync);
        var english = await Assert.ThrowsAsync<RpcException>(() =>
            Public.SubmitReportAsync(request, PlatformFixture.PublicCaller(language: "en")).ResponseAsync);

        Assert.Equal("必填：举报人对所反映问题的陈述", Reports.Violations(chinese)["account"]);
        Assert.StartsWith("须为大陆手机号码", Reports.Violations(chinese)["reporter.phone"]);
        Assert.StartsWith("请求有误：", chinese.Status.Detail);
        Assert.Equal("required: the reporter's account of what happened", Reports.Violations(english)["account"]);
        Assert.StartsWith("must be a mainland mobile number", Reports.Violations(english)["reporter.phone"]);
        Assert.StartsWith("Invalid request: ", english.Status.Detail);
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "必填")]
    [InlineData("en-US,en;q=0.9", "required")]
    [InlineData("fr-FR", "必填")]
    public async Task Should_answer_in_the_language_the_caller_prefers(string acceptLanguage, string start)
    {
        var request = Reports.Anonymous();
        request.Account = "";
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Public.SubmitReportAsync(request, PlatformFixture.PublicCaller(language: acceptLanguage)).ResponseAsync);
        Assert.StartsWith(start, Reports.Violations(error)["account"]);
    }

    [Fact]
    public async Task Should_read_one_report_timeline_in_chinese_by_default_and_in_english_when_asked()
    {
        var submitted = await Public.SubmitReportAsync(Reports.Anonymous(), PlatformFixture.PublicCaller());
        var receipt = new GetReportStatusRequest { ReceiptCode = submitted.ReceiptCode };
        // Routing places the report at the unit with authority: that step names the unit.
        var chinese = await Eventually.ReachedAsync(() => Public.GetReportStatusAsync(receipt, PlatformFixture.PublicCaller()).ResponseAsync,
            s => s.Timeline.Any(t => t.Kind is "assigned" or "awaiting-dispatch"), "routing placed the report");
        var english = await Public.GetReportStatusAsync(receipt, PlatformFixture.PublicCaller(language: "en"));

        Assert.Equal(chinese.Timeline.Select(t => (t.Kind, t.At)), english.Timeline.Select(t => (t.Kind, t.At)));
        Assert.Equal("举报已由受理中心受理", chinese.Timeline[0].Description);
        Assert.Equal("Report received by the intake centre", english.Timeline[0].Description);
        var placed = chinese.Timeline.Select((t, i) => (t, i)).First(e => e.t.Kind is "assigned" or "awaiting-dispatch").i;
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", chinese.Timeline[placed].Description);
        Assert.Matches(@"^(Assigned to .+ for handling|Waiting for a dispatcher to choose the handling unit)$", english.Timeline[placed].Description);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english.Timeline[placed].Description);
    }

    [Fact]
    public async Task Should_word_refusals_in_the_callers_language()
    {
        var unknown = new GetReportStatusRequest { ReceiptCode = "AAAAA-AAAAA-AAAAA-AAAAA" };
        var chinese = await Assert.ThrowsAsync<RpcException>(() => Public.GetReportStatusAsync(unknown, PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "没有与此查询码对应的举报。"), (chinese.StatusCode, chinese.Status.Detail));

        var directory = new global::Supervision.Routing.V1.Directory.DirectoryClient(platform.RoutingChannel);
        var staff = PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer);
        var missing = await Assert.ThrowsAsync<RpcException>(() => directory.GetUnitAsync(new GetUnitRequest { UnitId = "u-nowhere" }, staff).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "没有此编号的单位。"), (missing.StatusCode, missing.Status.Detail));
        staff.Add("accept-language", "en");
        missing = await Assert.ThrowsAsync<RpcException>(() => directory.GetUnitAsync(new GetUnitRequest { UnitId = "u-nowhere" }, staff).ResponseAsync);
        Assert.Equal("No unit has this id.", missing.Status.Detail);
    }
}
