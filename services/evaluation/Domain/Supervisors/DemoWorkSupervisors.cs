using System.Security.Cryptography;
using System.Text;
using Supervision.Reference;

namespace Supervision.Evaluation.Domain.Supervisors;

/// <summary>
/// The demo city's 37 cadre work supervisors, generated the same way every time: spread over every county, most watching a
/// county or a township, every third a set of the county's departments; most are party-congress deputies. Names and
/// contact data are made up.
/// </summary>
public static class DemoWorkSupervisors
{
    public const int Count = 37;

    public static readonly DateTimeOffset Appointed = new(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Supervisor n (1-based)'s id: the same in every database, so loading twice adds nothing.</summary>
    public static Guid SupervisorId(int number) =>
        new(SHA256.HashData(Encoding.ASCII.GetBytes($"supervision-demo-work-supervisor-{number}")).AsSpan(0, 16));

    public static IReadOnlyList<(int Number, WorkSupervisorAppointment Appointment)> Generate(CityDirectory directory)
    {
        var random = SeededRandom.From("supervision-demo-work-supervisors-jining");
        var counties = directory.Divisions.Where(d => d.Level == "county").OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        var supervisors = new List<(int, WorkSupervisorAppointment)>(Count);
        for (var i = 0; i < Count; i++)
        {
            var county = counties[i % counties.Count];
            var round = i / counties.Count;
            var townships = directory.Divisions.Where(d => d.ParentCode == county.Code).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
            var departments = directory.Units.Where(u => u.DivisionCode == county.Code && u.Kind == "department")
                .OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
            var area = round switch
            {
                0 => new WorkSupervisorArea(county.Code, []),
                2 when departments.Count >= 2 => new WorkSupervisorArea(null, departments.Skip(random.Below(departments.Count - 1)).Take(2).Select(u => u.Id).ToList()),
                _ when townships.Count > 0 => new WorkSupervisorArea(townships[random.Below(townships.Count)].Code, []),
                _ => new WorkSupervisorArea(county.Code, []),
            };
            var gender = random.Below(100) < 40 ? "female" : "male";
            var birthDate = new DateOnly(1965, 1, 1).AddDays(random.Below(365 * 25));
            var kind = random.Below(10) switch
            {
                < 6 => DeputyKinds.PartyCongress,
                < 8 => DeputyKinds.PeoplesCongress,
                < 9 => DeputyKinds.Cppcc,
                _ => DeputyKinds.Other,
            };
            var contact = new MemberContact("13" + random.Below(1_000_000_000).ToString("D9"), DemoPanel.IdNumber(county.Code, birthDate, gender, random),
                $"{county.Name}{random.Below(300) + 1}号");
            supervisors.Add((i + 1, new WorkSupervisorAppointment(DemoPanel.Name(random), gender, kind, DeputyBody(kind, county.Name), area, contact)));
        }
        return supervisors;
    }

    private static string DeputyBody(string kind, string county) => kind switch
    {
        DeputyKinds.PartyCongress => $"中共{county}第十三次代表大会",
        DeputyKinds.PeoplesCongress => $"{county}第十九届人民代表大会",
        DeputyKinds.Cppcc => $"政协{county}第十一届委员会",
        _ => $"{county}总工会",
    };
}
