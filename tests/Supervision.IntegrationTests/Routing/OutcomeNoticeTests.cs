using System.Globalization;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;

namespace Supervision.IntegrationTests.Routing;

/// <summary>Whoever investigates, announces: accountability measures, the outcome notice and who reads it.</summary>
public sealed class OutcomeNoticeTests(PlatformFixture platform)
{
    private static readonly Metadata Handler = PlatformFixture.StaffHeaders("370812", Roles.Handler);

    [Fact]
    public async Task Should_refuse_a_substantiated_conclusion_without_valid_accountability_measures()
    {
        var (_, routed) = await SubmitAndInvestigateAsync("c-0099");
        var conclude = new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Outcome = Outcome.PartlySubstantiated, Findings = "部分属实",
            PublicSummary = "经核查，反映问题部分属实。",
        };

        Assert.Contains("measures", await ViolationsAsync(conclude));
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        conclude.Measures.Add(new AccountabilityMeasure { Kind = "promotion", CadreId = "c-9999", DecidedOn = tomorrow });
        var violations = await ViolationsAsync(conclude);
        Assert.Contains("measures[0].kind", violations);
        Assert.Contains("measures[0].cadre_id", violations);
        Assert.Contains("measures[0].decided_on", violations);
        Assert.Equal(CaseState.UnderInvestigation,
            (await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }, Handler)).State);
    }

    [Fact]
    public async Task Should_announce_a_public_notice_to_everyone_and_the_reporter_with_measures_in_the_case()
    {
        var (submitted, routed) = await SubmitAndInvestigateAsync("c-0096");
        const string text = "关于对某局局长作风问题的处理通报：经核查，反映问题属实，已对其诫勉谈话。";

        var concluded = await platform.Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Outcome = Outcome.Substantiated, Findings = "属实",
            PublicSummary = "经核查，反映问题属实，已依规处理。", Measures = { Accountability.AdmonishmentTalk("c-0096") },
            NoticeScope = NoticeScope.Public, NoticeText = text,
        }, Handler);

        Assert.Equal("经核查，反映问题属实，已依规处理。", concluded.PublicSummary);
        var measure = Assert.Single(concluded.Measures);
        Assert.Equal(("admonishment-talk", "诫勉谈话", "c-0096", Accountability.Today), (measure.Kind, measure.KindName, measure.CadreId, measure.DecidedOn));
        Assert.Equal((NoticeScope.Public, text, routed.LeadUnitId), (concluded.OutcomeNotice.Scope, concluded.OutcomeNotice.Text, concluded.OutcomeNotice.UnitId));
        var notice = await platform.Cases.GetOutcomeNoticeAsync(new GetOutcomeNoticeRequest { CaseId = routed.CaseId },
            PlatformFixture.StaffHeaders("370881", Roles.Handler));
        Assert.Equal(text, notice.Text);

        // No token: the public service lists it for the county and the city, not for another county.
        var notices = new PublicNotices.PublicNoticesClient(platform.RoutingChannel);
        foreach (var division in new[] { "370812", "370800" })
        {
            var listed = await notices.ListOutcomeNoticesAsync(new ListOutcomeNoticesRequest { DivisionCode = division, PageSize = 200 });
            Assert.Contains(listed.Notices, n => n.CaseId == routed.CaseId && n.Text == text && n.Outcome == Outcome.Substantiated);
        }
        var elsewhere = await notices.ListOutcomeNoticesAsync(new ListOutcomeNoticesRequest { DivisionCode = "370811" });
        Assert.DoesNotContain(elsewhere.Notices, n => n.CaseId == routed.CaseId);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => notices.ListOutcomeNoticesAsync(new ListOutcomeNoticesRequest()).ResponseAsync);
        Assert.Contains("division_code", Reports.Violations(unknown).Keys);

        // The reporter reads the summary and the notice by receipt.
        var status = await Eventually.ReachedAsync(() => platform.Public.GetReportStatusAsync(new GetReportStatusRequest
        {
            ReceiptCode = submitted.ReceiptCode,
        }, PlatformFixture.PublicCaller()).ResponseAsync, s => s.Timeline.Any(t => t.Kind == "outcome-notice"), "the reporter's outcome notice");
        Assert.Contains(status.Timeline, t => t.Kind == "outcome-notice" && t.Description.Contains(text));
        Assert.Contains(status.Timeline, t => t.Kind == "concluded" && t.Description.Contains("经核查，反映问题属实，已依规处理。"));
    }

    [Fact]
    public async Task Should_keep_a_units_notice_inside_its_jurisdiction()
    {
        var (_, routed) = await SubmitAndInvestigateAsync("c-0110");
        await platform.Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Outcome = Outcome.CannotBeVerified, Findings = "无法查证",
            PublicSummary = "经核查，反映问题无法查证。",
        }, Handler);

        var notice = await platform.Cases.GetOutcomeNoticeAsync(new GetOutcomeNoticeRequest { CaseId = routed.CaseId }, Handler);
        Assert.Equal((NoticeScope.Unit, "经核查，反映问题无法查证。"), (notice.Scope, notice.Text));
        var outside = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.GetOutcomeNoticeAsync(new GetOutcomeNoticeRequest { CaseId = routed.CaseId },
            PlatformFixture.StaffHeaders("370811", Roles.Handler)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outside.StatusCode);
        var listed = await new PublicNotices.PublicNoticesClient(platform.RoutingChannel).ListOutcomeNoticesAsync(
            new ListOutcomeNoticesRequest { DivisionCode = "370812", PageSize = 200 });
        Assert.DoesNotContain(listed.Notices, n => n.CaseId == routed.CaseId);
    }

    private Task<(SubmitReportResponse Submitted, Case Routed)> SubmitAndInvestigateAsync(string cadreId) =>
        Accountability.SubmitAndInvestigateAsync(platform, cadreId);

    private async Task<IEnumerable<string>> ViolationsAsync(ConcludeCaseRequest request) =>
        Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ConcludeCaseAsync(request, Handler).ResponseAsync)).Keys;
}
