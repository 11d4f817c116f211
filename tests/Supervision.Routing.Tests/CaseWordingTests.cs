using System.Globalization;
using Supervision.Contracts;
using Supervision.Contracts.Events.Routing;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Tests;

/// <summary>Routing's words are phrases of its resource files: Simplified Chinese by default, English when asked.</summary>
public sealed class CaseWordingTests
{
    private static readonly CaseWording Wording = new(TestData.Directory, new ClockPolicy(new ClockOptions()));

    [Theory]
    [InlineData("01:00:00", "within the hour", "1小时内")]
    [InlineData("02:00:00", "within 2 hours", "2小时内")]
    [InlineData("5.00:00:00", "within 5 days", "5天内")]
    [InlineData("1.00:00:00", "within the day", "1天内")]
    [InlineData("01:30:00", "within 90 minutes", "90分钟内")]
    [InlineData("1.12:00:00", "within 36 hours", "36小时内")]
    public void Should_word_a_deadline_from_its_time_span_in_each_language(string span, string english, string chinese)
    {
        var within = CaseWording.Within(TimeSpan.Parse(span, CultureInfo.InvariantCulture));
        Assert.Equal(english, within.In(Phrase.English));
        Assert.Equal(chinese, within.In(RequestLanguage.Neutral));
    }

    [Fact]
    public void Should_word_the_election_clock_from_the_configured_options()
    {
        var options = new ClockOptions { ElectionAcknowledgeWithin = TimeSpan.FromMinutes(30), ElectionCloseWithin = TimeSpan.FromDays(3) };
        var wording = new CaseWording(TestData.Directory, new ClockPolicy(options));

        Assert.Equal("An election report joined this case: acknowledge within 30 minutes, close within 3 days", wording.ElectionClockNotice.In(Phrase.English));
        Assert.Equal("本案并入一件换届举报：请30分钟内签收，3天内办结", wording.ElectionClockNotice.Neutral);
        Assert.StartsWith("Election report: acknowledge within 30 minutes. New case: ",
            wording.AssignedNotice(electionClock: true, lead: true, "r").In(Phrase.English));
        Assert.Equal("Joint case: r", wording.AssignedNotice(electionClock: false, lead: false, "r").In(Phrase.English));
        Assert.Equal("联合办理案件：r", wording.AssignedNotice(electionClock: false, lead: false, "r").Neutral);
    }

    [Fact]
    public void Should_have_words_for_every_outcome_deadline_scope_category_task_state_and_authority()
    {
        Phrase[] words =
        [
            .. new short[] { 0, Outcomes.Substantiated, Outcomes.PartlySubstantiated, Outcomes.Unsubstantiated, Outcomes.CannotBeVerified }
                .Select(CaseWording.Outcome),
            .. DeadlineKinds.All.Select(CaseWording.DeadlineName),
            .. new[] { NoticeScopes.Unit, NoticeScopes.Division, NoticeScopes.Public }.Select(CaseWording.NoticeScopeName),
            .. Enum.GetValues<ReportCategory>().Select(c => CaseWording.Category(RoutingRules.CategoryName(c))),
            .. new[] { TaskStates.Assigned, TaskStates.Acknowledged, TaskStates.Investigating, TaskStates.Contributed, TaskStates.Concluded,
                TaskStates.Transferred }.Select(CaseWording.TaskState),
            .. new[] { CaseClosingReasons.Accepted, CaseClosingReasons.ToLeadership }.Select(k => RoutingTexts.Phrase(k)),
        ];
        Assert.All(words, w => Assert.True(w.Key is not null && RoutingTexts.Words.Has(w.Key), w.Key ?? w.Text));
        Assert.All(TestData.Directory.Cadres.Select(c => c.ManagementAuthority).Distinct().Where(a => a != "unit-managed"),
            a => Assert.True(RoutingTexts.Words.Has("authority." + a), a));
    }

    [Fact]
    public void Should_store_a_phrase_as_key_and_arguments_and_word_it_when_read()
    {
        var unit = TestData.Unit("discipline-inspection", TestData.CityCode);
        var phrase = CaseWording.Escalated(unit, CaseWording.MissedDeadline(unit, DeadlineKinds.Acknowledge));

        var stored = Phrase.Stored(phrase.Key, phrase.ArgsJson, phrase.Neutral);

        Assert.Equal("timeline.escalated", stored.Key);
        Assert.Equal($"已提级至{unit.Name}：{unit.Name}未按期完成签收", stored.In(RequestLanguage.Neutral, TestData.Directory));
        Assert.Equal($"Escalated to {unit.NameEn}: {unit.NameEn} missed the acknowledgement deadline", stored.In(Phrase.English, TestData.Directory));
        // Rows written before the keys, and text someone wrote, read as stored in every language.
        Assert.Equal("Case opened for report 370883-2026-000001", Phrase.Stored(null, null, "Case opened for report 370883-2026-000001").In(RequestLanguage.Neutral));
        Assert.Equal("作风问题，由纪委监委办理", ((Phrase)"作风问题，由纪委监委办理").In(Phrase.English));
    }

    [Fact]
    public void Should_refuse_in_the_callers_language_and_log_in_english()
    {
        var refusal = Wording.TooManyTransfers(3, 3);

        Assert.Equal("refusal.too-many-transfers", refusal.Key);
        Assert.Equal("本案已转办3次（最多3次）：请由当前单位办理或提级。", refusal.In(RequestLanguage.Neutral));
        Assert.Equal("The case was transferred 3 times already (at most 3): settle it at the current unit or escalate.", refusal.In(Phrase.English));
        Assert.Equal(refusal.In(Phrase.English), refusal.Message);
    }
}
