using Supervision.Intake.Domain;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.Reference;

namespace Supervision.Intake.Tests;

public sealed class ResultResponsesTests
{
    [Fact]
    public void Should_dispute_at_once_and_leave_an_accepted_result_for_routing_to_close()
    {
        Assert.Equal(ReportState.Disputed, ResultResponses.StateAfter(ReportState.FeedbackGiven, accepted: false));
        Assert.Equal(ReportState.FeedbackGiven, ResultResponses.StateAfter(ReportState.FeedbackGiven, accepted: true));
    }

    [Theory]
    [InlineData(ReportState.Received)]
    [InlineData(ReportState.UnderInvestigation)]
    [InlineData(ReportState.Concluded)]
    [InlineData(ReportState.Disputed)]
    [InlineData(ReportState.Closed)]
    public void Should_refuse_an_answer_before_the_result_or_a_second_one(ReportState state)
    {
        var refused = Assert.Throws<DomainRuleException>(() => ResultResponses.StateAfter(state, accepted: true));
        Assert.Equal(IntakeTexts.Words["rule.result-answered", IntakeTexts.Words["report-state." + state]], refused.Message);
    }
}
