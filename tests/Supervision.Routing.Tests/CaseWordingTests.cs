using Supervision.Routing.Domain;

namespace Supervision.Routing.Tests;

public sealed class CaseWordingTests
{
    [Theory]
    [InlineData("01:00:00", "within the hour")]
    [InlineData("02:00:00", "within 2 hours")]
    [InlineData("5.00:00:00", "within 5 days")]
    [InlineData("1.00:00:00", "within the day")]
    [InlineData("01:30:00", "within 90 minutes")]
    [InlineData("1.12:00:00", "within 36 hours")]
    public void Should_word_a_deadline_from_its_time_span(string span, string expected)
    {
        Assert.Equal(expected, CaseWording.Within(TimeSpan.Parse(span, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Should_word_the_election_clock_from_the_configured_options()
    {
        var options = new ClockOptions { ElectionAcknowledgeWithin = TimeSpan.FromMinutes(30), ElectionCloseWithin = TimeSpan.FromDays(3) };
        var wording = new CaseWording(TestData.Directory, new ClockPolicy(options));

        Assert.Equal("An election report joined this case: acknowledge within 30 minutes, close within 3 days", wording.ElectionClockNotice);
        Assert.StartsWith("Election report: acknowledge within 30 minutes. New case: ", wording.AssignedNotice(electionClock: true, lead: true, "r"));
        Assert.Equal("Joint case: r", wording.AssignedNotice(electionClock: false, lead: false, "r"));
    }
}
