using System.Globalization;
using Supervision.Intake.Domain;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Intake.Tests;

public sealed class ResultResponsesTests
{
    [Fact]
    public void Should_dispute_at_once_and_leave_an_accepted_result_for_routing_to_close()
    {
        Assert.Equal(new ResultAnswer(ReportState.Disputed, false), ResultResponses.Answer(ReportState.FeedbackGiven, false, accepted: false));
        Assert.Equal(new ResultAnswer(ReportState.FeedbackGiven, false), ResultResponses.Answer(ReportState.FeedbackGiven, false, accepted: true));
    }

    [Fact]
    public void Should_keep_an_answer_pending_while_the_feedback_is_on_its_way()
    {
        Assert.Equal(new ResultAnswer(ReportState.Concluded, true), ResultResponses.Answer(ReportState.Concluded, false, accepted: true));
        Assert.Equal(new ResultAnswer(ReportState.Disputed, true), ResultResponses.Answer(ReportState.Concluded, false, accepted: false));
    }

    [Fact]
    public void Should_refuse_a_second_answer_while_the_first_is_pending()
    {
        Assert.Throws<DomainRuleException>(() => ResultResponses.Answer(ReportState.Concluded, true, accepted: false));
    }

    [Theory]
    [InlineData(ReportState.Received)]
    [InlineData(ReportState.UnderInvestigation)]
    [InlineData(ReportState.Disputed)]
    [InlineData(ReportState.Closed)]
    public void Should_refuse_an_answer_before_the_result_or_a_second_one(ReportState state)
    {
        var refused = Assert.Throws<DomainRuleException>(() => ResultResponses.Answer(state, false, accepted: true));
        Assert.Equal("refusal.result.not-now", refused.Key);
        Assert.Equal($"The report is {IntakeTexts.Words.In(CultureInfo.GetCultureInfo("en"), "report-state." + state)}: a result can be accepted or disputed "
                     + "once it has been given, and only once.", refused.Message);
        Assert.StartsWith($"该举报{IntakeTexts.Words.In(RequestLanguage.Neutral, "report-state." + state)}：", refused.In(RequestLanguage.Neutral));
    }
}
