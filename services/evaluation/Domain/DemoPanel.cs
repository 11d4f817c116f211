using System.Security.Cryptography;
using System.Text;
using Supervision.Evaluation.Data;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Domain;

/// <summary>
/// The demo city's panel, generated the same way every time: 1,000 members, 82% from grassroots sectors, spread over every
/// division, appointed in the second half of 2025 for two years. A few work in or have relatives in city units, so draws
/// meet real conflicts. Names, phones, ID numbers and addresses are made up.
/// </summary>
public static class DemoPanel
{
    private static readonly (string Sector, int Members)[] SectorCounts =
    [
        ("enterprise", 300), ("individual-business", 220), ("ordinary-citizen", 300),
        ("party-government", 80), ("deputy", 60), ("expert", 40),
    ];

    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段";
    private const string GivenCharacters = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉力永健世广海云新晨凯佳琳雪梅春";

    public static readonly DateTimeOffset FirstAppointment = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Member n (1-based)'s id: the same in every database, so loading twice adds nothing.</summary>
    public static Guid MemberId(int panelNumber) => new(SHA256.HashData(Encoding.ASCII.GetBytes($"supervision-demo-member-{panelNumber}")).AsSpan(0, 16));

    public static IReadOnlyList<(NewMember Member, MemberContact Contact)> Generate(PanelRules rules, CityDirectory directory)
    {
        var random = SeededRandom.From("supervision-demo-panel-jining-2009");
        var divisions = directory.Divisions.Where(d => d.Level is "county" or "township").Select(d => d.Code).Order(StringComparer.Ordinal).ToList();
        var employerUnits = directory.Units.Where(u => u.Kind is "department" or "government").Select(u => u.Id).Order(StringComparer.Ordinal).ToList();
        var sectors = SectorCounts.SelectMany(s => Enumerable.Repeat(s.Sector, s.Members)).ToList();
        var members = new List<(NewMember, MemberContact)>(sectors.Count);
        for (var i = 0; i < sectors.Count; i++)
        {
            var number = i + 1;
            var sector = sectors[i];
            var gender = random.Below(100) < 47 ? "female" : "male";
            var birthDate = new DateOnly(1953, 1, 1).AddDays(random.Below(365 * 50));
            var division = divisions[random.Below(divisions.Count)];
            var appointedAt = FirstAppointment.AddDays(random.Below(180)).AddHours(9);
            // Officials work in a unit (a conflict when it is evaluated); about one member in twenty has a relative in one.
            string? employer = sector == "party-government" ? employerUnits[random.Below(employerUnits.Count)] : null;
            string[] relatives = random.Below(20) == 0 ? [employerUnits[random.Below(employerUnits.Count)]] : [];
            var contact = new MemberContact(
                "13" + random.Below(1_000_000_000).ToString("D9"),
                IdNumber(division, birthDate, gender, random),
                $"{directory.FindDivision(division)!.Name}{random.Below(200) + 1}号");
            members.Add((new NewMember
            {
                Id = MemberId(number),
                PanelNumber = number,
                Name = Name(random),
                Gender = gender,
                BirthDate = birthDate,
                Sector = sector,
                Grassroots = rules.IsGrassroots(sector),
                DivisionCode = division,
                Nomination = random.Below(3) == 0 ? Nominations.Organization : Nominations.Self,
                EmployerUnitId = employer,
                RelativeUnitIds = relatives,
                SealedContact = [],
                AppointedAt = appointedAt.UtcDateTime,
                TermEndsAt = appointedAt.AddYears(rules.TermYears).UtcDateTime,
                Demo = true,
            }, contact));
        }
        // Organizational recommendations name their body.
        return members.Select(m => m.Item1.Nomination == Nominations.Organization
            ? (m.Item1 with { RecommendingBody = RecommendingBody(m.Item1.Sector) }, m.Item2)
            : m).ToList();
    }

    private static string RecommendingBody(string sector) => sector switch
    {
        "enterprise" => "济宁市工商业联合会",
        "individual-business" => "济宁市个体劳动者协会",
        "deputy" => "济宁市人大常委会",
        "expert" => "济宁市科学技术协会",
        "party-government" => "济宁市直机关工委",
        _ => "社区居民委员会",
    };

    internal static string Name(SeededRandom random) =>
        Surnames[random.Below(Surnames.Length)].ToString() + GivenCharacters[random.Below(GivenCharacters.Length)]
        + (random.Below(3) == 0 ? "" : GivenCharacters[random.Below(GivenCharacters.Length)].ToString());

    /// <summary>A well-formed resident ID number: county code, birth date, sequence (odd for men) and check character.</summary>
    internal static string IdNumber(string division, DateOnly birthDate, string gender, SeededRandom random)
    {
        var sequence = random.Below(50) * 2 + (gender == "male" ? 1 : 0) + random.Below(9) * 100;
        var first17 = division[..6] + birthDate.ToString("yyyyMMdd") + sequence.ToString("D3");
        return first17 + PersonalDataRules.ResidentIdCheckCharacter(first17);
    }
}
