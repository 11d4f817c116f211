using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Routing;

/// <summary>
/// Routing's words (timeline, decisions, notifications, refusals) and the reporter's status built from its events read
/// Simplified Chinese unless the caller asks for English, through the real services. The default is what a caller that
/// sends no accept-language reads: these calls go over the fixture's channels, which send none of their own. Cases are in
/// 梁山县 (370832), about cadres no other test names.
/// </summary>
public sealed partial class RoutingLanguageTests(PlatformFixture platform)
{
    private const string County = "370832";

    private CaseHandling.CaseHandlingClient Cases => new(platform.RoutingChannel);

    private ReportIntake.ReportIntakeClient Public => new(platform.Channel);

    [Fact]
    public async Task Should_word_a_case_its_refusals_and_the_reporters_status_in_chinese_by_default_and_in_english_when_asked()
    {
        var (submitted, routed) = await SubmitAndRouteAsync(Category.Discipline, "c-0300");
        var lead = routed.LeadUnitId;

        // A refusal of the domain: feedback before the case is concluded.
        var feedback = new GiveFeedbackRequest { CaseId = routed.CaseId, UnitId = lead, Result = "反映问题不属实，已向该局领导班子集体反馈。" };
        var refusedZh = await Assert.ThrowsAsync<RpcException>(() => Cases.GiveFeedbackAsync(feedback, Staff("zh-CN")).ResponseAsync);
        var refusedEn = await Assert.ThrowsAsync<RpcException>(() => Cases.GiveFeedbackAsync(feedback, Staff("en")).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, StatusCode.FailedPrecondition), (refusedZh.StatusCode, refusedEn.StatusCode));
        Assert.Equal("请先办结本案再反馈。", refusedZh.Status.Detail);
        Assert.Equal("Conclude the case before giving feedback.", refusedEn.Status.Detail);

        await Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Kind = "site-visit", Note = "当日赴现场核查",
        }, Staff(null));
        await Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = lead, Outcome = Outcome.Unsubstantiated, Findings = "未发现所反映问题", PublicSummary = "经核查，反映问题不属实。",
        }, Staff(null));
        Assert.Equal(CaseState.Closed, (await Cases.GiveFeedbackAsync(feedback, Staff(null))).State);

        var chinese = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }, Staff(null));
        var english = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }, Staff("en-US"));

        Assert.Equal(chinese.Timeline.Select(e => (e.Kind, e.At)), english.Timeline.Select(e => (e.Kind, e.At)));
        // What a person wrote (the investigation note) reads as written; everything routing says is in the reader's language.
        Assert.All(chinese.Timeline.Where(e => !e.Kind.StartsWith("step:")).Select(e => e.Description).Concat(chinese.Decisions.Select(d => d.Reason)),
            AssertChinese);
        Assert.All(english.Timeline.Where(e => !e.Kind.StartsWith("step:")).Select(e => e.Description).Concat(english.Decisions.Select(d => d.Reason)),
            AssertEnglish);
        Assert.Contains(chinese.Timeline, e => e.Kind == "concluded" && e.Description.EndsWith("已办结：不属实"));
        Assert.Contains(english.Timeline, e => e.Kind == "concluded" && e.Description.EndsWith("concluded the case: unsubstantiated"));
        Assert.Contains(chinese.Timeline, e => e.Kind == "closed" && e.Description == "已结案：办理结果已向各被反映单位领导班子集体反馈");
        Assert.Contains(english.Timeline, e => e.Kind == "closed"
                                               && e.Description == "Case closed: Result delivered to the leadership team of each accused unit, collectively");
        Assert.Contains(chinese.Decisions, d => d.Kind == "triage" && d.Reason.StartsWith("违纪违法类问题由梁山县的"));

        // The reporter's status, worded by intake from the keys routing sends.
        var receipt = new GetReportStatusRequest { ReceiptCode = submitted.ReceiptCode };
        var status = await Eventually.ReachedAsync(() => Public.GetReportStatusAsync(receipt, PlatformFixture.PublicCaller()).ResponseAsync,
            // The closing and the feedback reach intake as two events on two queues, in either order.
            s => s.Timeline.Any(t => t.Kind == "closed") && s.Timeline.Any(t => t.Kind == "feedback-to-leadership"),
            "the reporter's closed and feedback entries");
        var statusEn = await Public.GetReportStatusAsync(receipt, PlatformFixture.PublicCaller(language: "en"));
        Assert.All(status.Timeline.Select(t => t.Description), AssertChinese);
        Assert.Equal("本件已结案：办理结果已向被反映单位领导班子反馈", status.Timeline.Single(t => t.Kind == "closed").Description);
        Assert.StartsWith("办理结果（不属实）", status.Timeline.Single(t => t.Kind == "feedback-to-leadership").Description);
        Assert.Equal("The case is closed: the result was delivered to the leadership team of the unit concerned",
            statusEn.Timeline.Single(t => t.Kind == "closed").Description);
        Assert.Contains("(unsubstantiated)", statusEn.Timeline.Single(t => t.Kind == "feedback-to-leadership").Description);
    }

    [Fact]
    public async Task Should_word_election_notices_and_their_durations_in_chinese_by_default_and_in_english_when_asked()
    {
        var (_, routed) = await SubmitAndRouteAsync(Category.ElectionConduct, "c-0298");
        Assert.True(routed.ElectionClock);
        var inbox = new ListNotificationsRequest { UnitId = routed.LeadUnitId };

        var chinese = (await Cases.ListNotificationsAsync(inbox, Staff("zh"))).Notifications.Where(n => n.CaseId == routed.CaseId).ToList();
        var english = (await Cases.ListNotificationsAsync(inbox, Staff("en"))).Notifications.Where(n => n.CaseId == routed.CaseId).ToList();

        Assert.NotEmpty(chinese);
        Assert.Equal(chinese.Select(n => (n.NotificationId, n.Kind)), english.Select(n => (n.NotificationId, n.Kind)));
        Assert.All(chinese.Select(n => n.Message), AssertChinese);
        Assert.All(english.Select(n => n.Message), AssertEnglish);
        Assert.Contains(chinese, n => n.Kind == "assigned" && n.Message.StartsWith("换届举报：请1小时内签收。新案件："));
        Assert.Contains(english, n => n.Kind == "assigned" && n.Message.StartsWith("Election report: acknowledge within the hour. New case: "));

        // The election clock's refusal: a conclusion before acknowledgement.
        var conclude = new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Outcome = Outcome.Unsubstantiated, Findings = "未发现拉票行为", PublicSummary = "经核查，反映问题不属实。",
        };
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cases.ConcludeCaseAsync(conclude, Staff(null)).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "请先签收本案。"), (refused.StatusCode, refused.Status.Detail));
    }

    /// <summary>Staff of the county reading <paramref name="language"/> (none: no accept-language, the platform's default).</summary>
    private static Metadata Staff(string? language)
    {
        var headers = PlatformFixture.StaffHeaders(County, Roles.Handler, Roles.Dispatcher);
        if (language is not null)
        {
            headers.Add("accept-language", language);
        }
        return headers;
    }

    private static void AssertChinese(string words)
    {
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", words);
        Assert.DoesNotMatch(EnglishWords(), words);
    }

    private static void AssertEnglish(string words)
    {
        Assert.Matches(@"\b[A-Za-z]{3,}\b", words);
        Assert.DoesNotMatch(@"[，：；。（）]", words);
    }

    /// <summary>English sentence words routing's texts use; a Chinese reader sees none of them.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b(within|case|the|by|to|of|is|and|for|report|unit)\b")]
    private static partial System.Text.RegularExpressions.Regex EnglishWords();

    private Task<(SubmitReportResponse Submitted, Case Case)> SubmitAndRouteAsync(Category category, string cadreId) =>
        CaseHandlingTests.SubmitAndRouteAsync(platform, category, County, cadreId);
}
