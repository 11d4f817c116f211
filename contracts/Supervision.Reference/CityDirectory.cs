using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supervision.Reference;

/// <summary>
/// The city's reference data (divisions, units, cadres): the demo city file, with the changes made
/// through routing's directory administration applied on top (see <see cref="Upsert(Unit)"/>).
/// Readers see a consistent snapshot; changes swap in new maps.
/// </summary>
public sealed class CityDirectory
{
    private readonly Dictionary<string, Division> _divisions;
    private volatile Dictionary<string, Unit> _units;
    private volatile Dictionary<string, Cadre> _cadres;
    private readonly Lock _changes = new();

    public CityDirectory(CityData data)
    {
        _divisions = data.Divisions.ToDictionary(d => d.Code, StringComparer.Ordinal);
        _units = data.Units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        _cadres = data.Cadres.ToDictionary(c => c.Id, StringComparer.Ordinal);
        CityCode = data.City;
    }

    public string CityCode { get; }

    public IReadOnlyCollection<Division> Divisions => _divisions.Values;

    public IReadOnlyCollection<Unit> Units => _units.Values;

    public IReadOnlyCollection<Cadre> Cadres => _cadres.Values;

    public Division? FindDivision(string code) => _divisions.GetValueOrDefault(code);

    public Unit? FindUnit(string id) => _units.GetValueOrDefault(id);

    public Cadre? FindCadre(string id) => _cadres.GetValueOrDefault(id);

    /// <summary>Adds or replaces a unit (a maintained directory change).</summary>
    public void Upsert(Unit unit)
    {
        lock (_changes)
        {
            _units = new Dictionary<string, Unit>(_units, StringComparer.Ordinal) { [unit.Id] = unit };
        }
    }

    /// <summary>Adds or replaces a cadre (a maintained directory change).</summary>
    public void Upsert(Cadre cadre)
    {
        lock (_changes)
        {
            _cadres = new Dictionary<string, Cadre>(_cadres, StringComparer.Ordinal) { [cadre.Id] = cadre };
        }
    }

    /// <summary>
    /// Jurisdiction: true when <paramref name="code"/> is <paramref name="jurisdiction"/> or lies below it (an
    /// unknown division covers nothing). The city covers every division; a county its own and its townships.
    /// </summary>
    public bool Covers(string jurisdiction, string code)
    {
        for (var current = FindDivision(code); current is not null; current = current.ParentCode is null ? null : FindDivision(current.ParentCode))
        {
            if (current.Code == jurisdiction)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The division and every division below it.</summary>
    public IReadOnlyList<string> Subtree(string code) => _divisions.Keys.Where(c => Covers(code, c)).ToList();

    /// <summary>The division and the divisions above it, nearest first.</summary>
    public IReadOnlyList<string> Ancestry(string code)
    {
        var chain = new List<string>();
        for (var current = FindDivision(code); current is not null; current = current.ParentCode is null ? null : FindDivision(current.ParentCode))
        {
            chain.Add(current.Code);
        }
        return chain;
    }

    public static CityDirectory Load(string path)
    {
        using var stream = File.OpenRead(path);
        var data = JsonSerializer.Deserialize<CityData>(stream, JsonOptions)
                   ?? throw new InvalidOperationException($"{path} holds no city data.");
        return new CityDirectory(data);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

public sealed record CityData(string City, IReadOnlyList<Division> Divisions, IReadOnlyList<Unit> Units, IReadOnlyList<Cadre> Cadres);

public sealed record Division(string Code, string Name, string? NameEn, string Level, string? ParentCode);

public sealed record Unit(string Id, string Name, string? NameEn, string Kind, string DivisionCode, string? ParentUnitId,
    IReadOnlyList<ServiceWindow>? ServiceWindows);

public sealed record ServiceWindow(string Id, string Name, string? NameEn);

public sealed record Cadre(string Id, string Name, string Gender, string Post, string? PostEn, string UnitId, string DivisionCode,
    string ManagementAuthority, bool MiddleLevel);
