using Supervision.Contracts;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Tests;

public sealed class ClockPolicyTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly ClockPolicy Clocks = new(new ClockOptions());

    // 10 March 2025 is a Monday.
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, Beijing);

    [Theory]
    [InlineData(false, false, ReportCategory.Discipline, false)]
    [InlineData(true, false, ReportCategory.Discipline, true)]
    [InlineData(false, true, ReportCategory.Discipline, true)]
    [InlineData(false, true, ReportCategory.Other, true)]
    [InlineData(false, false, ReportCategory.ElectionConduct, true)]
    public void Should_run_election_related_reports_and_reports_in_an_election_period_on_the_election_clock(
        bool electionRelated, bool electionPeriod, ReportCategory category, bool expected)
    {
        var report = Reports.About(category, "370811") with { ElectionRelated = electionRelated, ElectionPeriod = electionPeriod };

        Assert.Equal(expected, ClockPolicy.IsElectionClock(report, [], []));
    }

    private static readonly DateTimeOffset Received = new(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(8));

    private static ElectionPeriod Period(string divisionCode, int fromDay, int toDay) =>
        new(divisionCode, new DateTime(2025, 3, fromDay, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, toDay, 0, 0, 0, DateTimeKind.Utc));

    [Theory]
    [InlineData("370811", 1, 20, true)]   // the subject's county holds its elections
    [InlineData("370800", 1, 20, true)]   // a city-wide period covers the county below it
    [InlineData("370812", 1, 20, false)]  // another county's period
    [InlineData("370811", 11, 20, false)] // the period opens after the receipt
    public void Should_judge_an_election_period_by_the_subject_s_division_and_the_receipt(string periodDivision, int fromDay, int toDay, bool expected)
    {
        // Received at the city (intake's receiving-division flag says nothing) about a subject in a township of 370811.
        var report = Reports.About(ReportCategory.Discipline, "370800") with { ElectionPeriod = periodDivision == "370812", ReceivedAt = Received };
        IReadOnlyList<string> township = ["370811001", "370811", "370800"];

        Assert.Equal(expected, ClockPolicy.IsElectionClock(report, [township], [Period(periodDivision, fromDay, toDay)]));
    }

    [Fact]
    public void Should_use_monday_10_march_2025_as_the_reference_week()
    {
        Assert.Equal(DayOfWeek.Monday, Local(10, 9).DayOfWeek);
    }

    [Fact]
    public void Should_give_election_reports_an_hour_to_acknowledge_the_same_day_on_site_and_five_days_to_close()
    {
        var opened = Local(15, 23, 17);

        var deadlines = Clocks.For(electionClock: true, opened);

        Assert.Equal(opened.AddHours(1), deadlines.AcknowledgeBy);
        // Saturday night: on site by the end of the next working day, as for every report.
        Assert.Equal(Local(17, 18), deadlines.InvestigationStartBy);
        Assert.Equal(opened.AddDays(5), deadlines.CloseBy);
    }

    [Fact]
    public void Should_give_ordinary_reports_thirty_days_to_close_and_no_acknowledge_deadline()
    {
        var opened = Local(11, 10);

        var deadlines = Clocks.For(electionClock: false, opened);

        Assert.Null(deadlines.AcknowledgeBy);
        Assert.Equal(opened.AddDays(30), deadlines.CloseBy);
        Assert.Equal(Local(11, 18), deadlines.InvestigationStartBy);
    }

    [Theory]
    [InlineData(10, 9, 0, 10)]   // Monday morning: same day
    [InlineData(12, 17, 59, 12)] // Wednesday just before closing: same day
    [InlineData(12, 18, 0, 13)]  // Wednesday at closing: next working day
    [InlineData(12, 22, 30, 13)] // Wednesday evening: Thursday
    [InlineData(13, 2, 0, 13)]   // Thursday small hours: that day
    [InlineData(14, 17, 0, 14)]  // Friday afternoon: same day
    [InlineData(14, 19, 0, 17)]  // Friday evening: Monday
    [InlineData(15, 10, 0, 17)]  // Saturday: Monday
    [InlineData(16, 23, 0, 17)]  // Sunday night: Monday
    public void Should_start_the_investigation_by_the_end_of_the_working_day_in_beijing(int day, int hour, int minute, int expectedDay)
    {
        var due = Clocks.For(electionClock: false, Local(day, hour, minute)).InvestigationStartBy;

        Assert.Equal(Local(expectedDay, 18), due);
    }

    [Fact]
    public void Should_read_working_days_in_beijing_time_not_utc()
    {
        // Sunday 23:30 UTC is Monday 07:30 in Beijing; Monday 11:00 UTC is Monday 19:00 there.
        Assert.Equal(Local(17, 18), Clocks.EndOfWorkingDay(new DateTimeOffset(2025, 3, 16, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(Local(18, 18), Clocks.EndOfWorkingDay(new DateTimeOffset(2025, 3, 17, 11, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.Zero, Clocks.EndOfWorkingDay(Local(17, 9)).Offset);
    }
}
