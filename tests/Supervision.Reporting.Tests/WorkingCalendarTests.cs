using Supervision.Reporting.Domain;

namespace Supervision.Reporting.Tests;

/// <summary>China's working days as the State Council arranged 2026, and the rules a calendar file must keep.</summary>
public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = TestData.Calendar;

    [Theory]
    [InlineData("2026-01-01", false)] // 元旦
    [InlineData("2026-01-02", false)]
    [InlineData("2026-01-04", true)] // Sunday, made up
    [InlineData("2026-02-13", true)] // Friday before the Spring Festival
    [InlineData("2026-02-14", true)] // Saturday, made up
    [InlineData("2026-02-15", false)]
    [InlineData("2026-02-23", false)] // Monday, still the Spring Festival
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)] // Saturday, made up
    [InlineData("2026-03-01", false)] // an ordinary Sunday
    [InlineData("2026-04-06", false)] // 清明 Monday
    [InlineData("2026-05-05", false)]
    [InlineData("2026-05-09", true)]
    [InlineData("2026-06-19", false)]
    [InlineData("2026-09-20", true)]
    [InlineData("2026-09-25", false)]
    [InlineData("2026-10-07", false)]
    [InlineData("2026-10-10", true)]
    [InlineData("2026-11-26", true)] // an ordinary Thursday
    [InlineData("2026-11-28", false)] // an ordinary Saturday
    public void Should_know_2026s_working_days(string date, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(date)));

    [Fact]
    public void Should_count_2026s_working_days_as_the_notice_gives_them()
    {
        var days = Enumerable.Range(0, 365).Select(i => new DateOnly(2026, 1, 1).AddDays(i));
        // 261 weekdays, 19 of them holidays (the rest fall on weekends), 6 weekend days made up.
        Assert.Equal(261 - 19 + 6, days.Count(Calendar.IsWorkingDay));
    }

    [Fact]
    public void Should_step_over_holidays_and_onto_make_up_days()
    {
        Assert.Equal(new DateOnly(2026, 2, 14), Calendar.NextWorkingDay(new DateOnly(2026, 2, 13)));
        Assert.Equal(new DateOnly(2026, 2, 24), Calendar.NextWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.Equal(new DateOnly(2026, 10, 8), Calendar.NextWorkingDay(new DateOnly(2026, 9, 30)));
        Assert.Equal(new DateOnly(2026, 9, 30), Calendar.PreviousWorkingDay(new DateOnly(2026, 10, 8)));
        Assert.Equal(new DateOnly(2027, 1, 4), Calendar.NextWorkingDay(new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public void Should_say_which_years_are_confirmed_against_the_notice()
    {
        var madeUp = Calendar.Describe(new DateOnly(2026, 10, 10));
        Assert.True(madeUp is { WorkingDay: true, MakeUpWorkingDay: true, Confirmed: true });
        Assert.Equal("National Day", madeUp.Holiday!.NameEn);
        Assert.False(Calendar.Describe(new DateOnly(2027, 2, 8)).WorkingDay);
        Assert.False(Calendar.Describe(new DateOnly(2027, 2, 8)).Confirmed);
        Assert.False(Calendar.Describe(new DateOnly(2031, 3, 3)).Confirmed);
        Assert.True(Calendar.Describe(new DateOnly(2031, 3, 3)).WorkingDay);
    }

    [Fact]
    public void Should_refuse_a_calendar_that_contradicts_itself()
    {
        var broken = new CalendarYear(2026, true, "test",
        [
            new CalendarHoliday("春节", "Spring Festival", new DateOnly(2026, 2, 23), new DateOnly(2026, 2, 15), [new DateOnly(2026, 2, 16)]),
            new CalendarHoliday("国庆节", "National Day", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 7), [new DateOnly(2026, 10, 9), new DateOnly(2026, 10, 3)]),
        ]);
        var refused = Assert.Throws<InvalidOperationException>(() => new WorkingCalendar([broken]));
        Assert.Contains("ends (2026-02-15) before it starts", refused.Message);
        Assert.Contains("2026-10-09 is a weekday already", refused.Message);
        Assert.Contains("2026-10-03 is both a holiday and a make-up working day", refused.Message);
    }

    [Fact]
    public void Should_schedule_the_dispatch_at_the_configured_time_on_working_days_only()
    {
        var schedule = new DispatchSchedule(Calendar, TestData.Dispatch);
        var beijing = TimeSpan.FromHours(8);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 30, 0, beijing), schedule.DueAt(new DateOnly(2026, 11, 26)));
        Assert.Equal(new DateOnly(2026, 11, 26), schedule.NextDate(new DateTimeOffset(2026, 11, 26, 8, 29, 0, beijing)));
        Assert.Equal(new DateOnly(2026, 11, 27), schedule.NextDate(new DateTimeOffset(2026, 11, 26, 8, 30, 0, beijing)));
        // Friday after the time: Monday; the eve of National Day: the 8th.
        Assert.Equal(new DateOnly(2026, 11, 30), schedule.NextDate(new DateTimeOffset(2026, 11, 27, 9, 0, 0, beijing)));
        Assert.Equal(new DateOnly(2026, 10, 8), schedule.NextDate(new DateTimeOffset(2026, 9, 30, 23, 0, 0, beijing)));
        // 01:00 UTC on the 26th is already 09:00 in Beijing.
        Assert.Equal(new DateOnly(2026, 11, 27), schedule.NextDate(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));
        Assert.Equal((new DateTimeOffset(2026, 9, 30, 8, 30, 0, beijing), new DateTimeOffset(2026, 10, 8, 8, 30, 0, beijing)),
            schedule.Period(new DateOnly(2026, 10, 8)));
    }
}
