using System.Text.Json;

namespace Supervision.Reporting.Domain;

/// <summary>One year's arrangement as published: holidays with their make-up working days (data/reporting/calendar-YYYY.json).</summary>
public sealed record CalendarYear(int Year, bool Confirmed, string Source, IReadOnlyList<CalendarHoliday> Holidays);

public sealed record CalendarHoliday(string Name, string NameEn, DateOnly From, DateOnly To, IReadOnlyList<DateOnly> MakeUpWorkingDays);

/// <summary>How a date stands in the calendar.</summary>
public sealed record CalendarDay(DateOnly Date, bool WorkingDay, CalendarHoliday? Holiday, bool MakeUpWorkingDay, bool Confirmed);

/// <summary>
/// Working days: Monday to Friday, except public holidays, plus the weekend days made up as working days. The
/// arrangement is data, one file per year; a year without a file counts weekdays only and is not confirmed.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<int, CalendarYear> _years;
    private readonly Dictionary<DateOnly, CalendarHoliday> _holidays = [];
    private readonly Dictionary<DateOnly, CalendarHoliday> _makeUpDays = [];

    public WorkingCalendar(IEnumerable<CalendarYear> years)
    {
        _years = years.ToDictionary(y => y.Year);
        var problems = _years.Values.SelectMany(Problems).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The working-day calendar is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }
        foreach (var holiday in _years.Values.SelectMany(y => y.Holidays))
        {
            for (var day = holiday.From; day <= holiday.To; day = day.AddDays(1))
            {
                _holidays[day] = holiday;
            }
            foreach (var day in holiday.MakeUpWorkingDays)
            {
                _makeUpDays[day] = holiday;
            }
        }
    }

    public IReadOnlyCollection<CalendarYear> Years => _years.Values;

    public bool IsWorkingDay(DateOnly date) => Describe(date).WorkingDay;

    public CalendarDay Describe(DateOnly date)
    {
        var confirmed = _years.TryGetValue(date.Year, out var year) && year.Confirmed;
        if (_holidays.TryGetValue(date, out var holiday))
        {
            return new CalendarDay(date, false, holiday, false, confirmed);
        }
        if (_makeUpDays.TryGetValue(date, out var madeUpFor))
        {
            return new CalendarDay(date, true, madeUpFor, true, confirmed);
        }
        return new CalendarDay(date, date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), null, false, confirmed);
    }

    /// <summary>The first working day after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        var day = date.AddDays(1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }
        return day;
    }

    /// <summary>The last working day before <paramref name="date"/>.</summary>
    public DateOnly PreviousWorkingDay(DateOnly date)
    {
        var day = date.AddDays(-1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }
        return day;
    }

    /// <summary>Reads every <c>calendar-*.json</c> of <paramref name="directory"/>; refuses a file that contradicts itself.</summary>
    public static WorkingCalendar Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Reporting:CalendarDirectory '{directory}' does not exist.");
        }
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var years = Directory.GetFiles(directory, "calendar-*.json").Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<CalendarYear>(File.ReadAllText(path), options)
                            ?? throw new InvalidOperationException($"{path} is empty."))
            .ToList();
        if (years.Count == 0)
        {
            throw new InvalidOperationException($"No calendar-*.json in '{directory}'.");
        }
        return new WorkingCalendar(years);
    }

    private static IEnumerable<string> Problems(CalendarYear year)
    {
        foreach (var holiday in year.Holidays)
        {
            if (holiday.To < holiday.From)
            {
                yield return $"{year.Year} {holiday.NameEn}: ends ({holiday.To:yyyy-MM-dd}) before it starts ({holiday.From:yyyy-MM-dd})";
            }
            if (holiday.From.Year != year.Year && holiday.To.Year != year.Year)
            {
                yield return $"{year.Year} {holiday.NameEn}: lies outside its year";
            }
            foreach (var day in holiday.MakeUpWorkingDays)
            {
                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    yield return $"{year.Year} {holiday.NameEn}: the make-up working day {day:yyyy-MM-dd} is a weekday already";
                }
                if (year.Holidays.Any(h => h.From <= day && day <= h.To))
                {
                    yield return $"{year.Year} {holiday.NameEn}: {day:yyyy-MM-dd} is both a holiday and a make-up working day";
                }
            }
        }
    }
}
