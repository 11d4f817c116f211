using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>
/// Routing's clocks as the running service is configured (services/routing/appsettings.json), so tests can
/// compute each deadline exactly from the time intake received the report.
/// </summary>
public sealed record RoutingClocks(
    TimeSpan ElectionAcknowledgeWithin,
    TimeSpan ElectionCloseWithin,
    TimeSpan OrdinaryCloseWithin,
    TimeSpan WorkingDayEndsAt,
    TimeSpan TimeZoneOffset,
    TimeSpan ElectionDispatchWithin)
{
    public static RoutingClocks Configured { get; } = Load();

    /// <summary>
    /// "On site the same day": the end of the working day on which the report was received, in the city's time;
    /// after hours or at a weekend, the end of the next working day.
    /// </summary>
    public DateTimeOffset SameDay(DateTimeOffset receivedAt)
    {
        var local = receivedAt.ToOffset(TimeZoneOffset);
        for (var day = local.Date; ; day = day.AddDays(1))
        {
            var end = new DateTimeOffset(day + WorkingDayEndsAt, TimeZoneOffset);
            if (end > local && end.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                return end;
            }
        }
    }

    /// <summary>A stored deadline equals the computed one (the database keeps microseconds).</summary>
    public static void AssertDeadline(DateTimeOffset expected, Timestamp? actual, string what)
    {
        Assert.True(actual is not null, $"{what}: no deadline, expected {expected:O}");
        var difference = (actual.ToDateTimeOffset() - expected).Duration();
        Assert.True(difference < TimeSpan.FromMilliseconds(1), $"{what}: {actual.ToDateTimeOffset():O}, expected {expected:O} ({difference} apart)");
    }

    private static RoutingClocks Load()
    {
        var path = Path.Combine(RepositoryRoot(), "services", "routing", "appsettings.json");
        using var settings = JsonDocument.Parse(File.ReadAllText(path));
        var clocks = settings.RootElement.GetProperty("Routing").GetProperty("Clocks");
        TimeSpan Read(string name) => TimeSpan.Parse(clocks.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
        return new RoutingClocks(Read("ElectionAcknowledgeWithin"), Read("ElectionCloseWithin"), Read("OrdinaryCloseWithin"),
            Read("WorkingDayEndsAt"), Read("TimeZoneOffset"), Read("ElectionDispatchWithin"));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Supervision.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Supervision.sln above {AppContext.BaseDirectory}.");
    }
}
