using System.Globalization;
using Supervision.Reference;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Domain;

/// <summary>
/// A notice kept as its words' key (RoutingTexts) and arguments, worded when read (ADR 10). Arguments that name
/// a unit or a time are kept as <c>unit:&lt;id&gt;</c> and <c>time:&lt;UTC&gt;</c>, so each reader gets the unit's
/// name in their language and the time in the city's zone.
/// </summary>
public sealed record StoredWords(string Key, IReadOnlyList<string> Args)
{
    public static string UnitArg(string unitId) => "unit:" + unitId;

    public static string TimeArg(DateTimeOffset at) => "time:" + at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>Words <see cref="StoredWords"/> in a language, with the directory's names and the city's time zone.</summary>
public sealed class NoticeWording(CityDirectory directory, ClockPolicy clocks)
{
    /// <summary>In the request's language.</summary>
    public string Word(StoredWords words) => Word(words, CultureInfo.CurrentUICulture);

    public string Word(StoredWords words, CultureInfo culture) =>
        RoutingTexts.Words.In(culture, words.Key, words.Args.Select(a => (object?)Argument(a, culture)).ToArray());

    /// <summary>"2026-11-26 18:00" in the city's time zone.</summary>
    public string LocalTime(DateTimeOffset at) =>
        at.ToOffset(clocks.Options.TimeZoneOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string Argument(string argument, CultureInfo culture)
    {
        if (argument.StartsWith("unit:", StringComparison.Ordinal))
        {
            var id = argument["unit:".Length..];
            return directory.FindUnit(id) is { } unit ? RequestLanguage.Name(unit.Name, unit.NameEn, culture) : id;
        }
        if (argument.StartsWith("time:", StringComparison.Ordinal)
            && DateTimeOffset.TryParse(argument["time:".Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return LocalTime(at);
        }
        return argument;
    }
}
