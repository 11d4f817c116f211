namespace Supervision.Reporting.Domain;

/// <summary>When the daily dispatch is made (section Reporting).</summary>
public sealed class DispatchOptions
{
    public const string Section = "Reporting";

    /// <summary>The time of day (local time) the daily dispatch is generated on each working day.</summary>
    public TimeSpan DailyDispatchAt { get; set; } = new(8, 30, 0);

    /// <summary>The local time zone's offset from UTC: Beijing time.</summary>
    public TimeSpan TimeZoneOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The folder of the calendar-YYYY.json files.</summary>
    public string CalendarDirectory { get; set; } = "";
}

/// <summary>The daily dispatch's clock: the working days of the calendar at the configured time.</summary>
public sealed class DispatchSchedule(WorkingCalendar calendar, DispatchOptions options)
{
    public WorkingCalendar Calendar => calendar;

    /// <summary>When the dispatch of <paramref name="date"/> is generated.</summary>
    public DateTimeOffset DueAt(DateOnly date) => new(date.ToDateTime(TimeOnly.FromTimeSpan(options.DailyDispatchAt)), options.TimeZoneOffset);

    /// <summary>The local date of an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(options.TimeZoneOffset).DateTime);

    /// <summary>The first dispatch still to come at <paramref name="now"/>: today's if today works and its time has not passed.</summary>
    public DateOnly NextDate(DateTimeOffset now)
    {
        var today = LocalDate(now);
        return calendar.IsWorkingDay(today) && now < DueAt(today) ? today : calendar.NextWorkingDay(today);
    }

    /// <summary>What the dispatch of <paramref name="date"/> counts: from the previous working day's dispatch to its own.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Period(DateOnly date) => (DueAt(calendar.PreviousWorkingDay(date)), DueAt(date));

    /// <summary>An instant as people read it: local date and time to the minute.</summary>
    public string LocalTime(DateTimeOffset at) => at.ToOffset(options.TimeZoneOffset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The end of the local day: what falls due before it is "due today".</summary>
    public DateTimeOffset EndOfDay(DateOnly date) => new(date.AddDays(1).ToDateTime(TimeOnly.MinValue), options.TimeZoneOffset);
}
