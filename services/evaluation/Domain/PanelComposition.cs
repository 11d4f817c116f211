using Supervision.Evaluation.Data;
using Supervision.Reference;

namespace Supervision.Evaluation.Domain;

/// <summary>The panel's serving members counted by sector, county-level division, age band and gender.</summary>
public sealed record PanelComposition(
    int Serving,
    int Grassroots,
    double GrassrootsShareMinimum,
    IReadOnlyList<KeyValuePair<string, int>> BySector,
    IReadOnlyList<KeyValuePair<string, int>> ByDivision,
    IReadOnlyList<KeyValuePair<string, int>> ByAgeBand,
    IReadOnlyList<KeyValuePair<string, int>> ByGender)
{
    public double GrassrootsShare => Serving == 0 ? 0 : (double)Grassroots / Serving;

    public static PanelComposition Of(IReadOnlyList<ServingMemberProfile> members, PanelRules rules, CityDirectory directory, DateOnly today) => new(
        members.Count,
        members.Count(m => m.Grassroots),
        rules.GrassrootsShareMinimum,
        Tally(members, m => m.Sector),
        Tally(members, m => CountyOf(directory, m.DivisionCode)),
        Tally(members, m => rules.AgeBandOf(AgeOn(m.BirthDate, today))),
        Tally(members, m => m.Gender));

    /// <summary>Full years of age on <paramref name="today"/>.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        return birthDate.AddYears(age) > today ? age - 1 : age;
    }

    /// <summary>The county-level division a division lies in (the division itself for the city or a county).</summary>
    public static string CountyOf(CityDirectory directory, string divisionCode) =>
        directory.Ancestry(divisionCode).FirstOrDefault(code => directory.FindDivision(code)?.Level == "county") ?? divisionCode;

    private static List<KeyValuePair<string, int>> Tally(IEnumerable<ServingMemberProfile> members, Func<ServingMemberProfile, string> key) =>
        members.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();
}
