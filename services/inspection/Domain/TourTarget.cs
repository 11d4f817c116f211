using Supervision.Reference;

namespace Supervision.Inspection.Domain;

public static class TargetKinds
{
    /// <summary>A county-level division, by its code.</summary>
    public const string Division = "division";
    /// <summary>A city department, by its unit id.</summary>
    public const string Department = "department";
    /// <summary>Any other unit, by its unit id.</summary>
    public const string Unit = "unit";

    public static readonly IReadOnlyList<string> All = [Division, Department, Unit];
}

/// <summary>What a tour inspects: a county-level division, a city department or a unit, and the division it lies in.</summary>
public sealed record TourTarget(string Kind, string Id, string DivisionCode, string Name, string? NameEn)
{
    /// <summary>The target, or null when the id does not name one of its kind (a township is no division target, a county unit no department).</summary>
    public static TourTarget? Find(CityDirectory directory, string kind, string id)
    {
        switch (kind)
        {
            case TargetKinds.Division:
                return directory.FindDivision(id) is { Level: "county" } division
                    ? new TourTarget(kind, id, division.Code, division.Name, division.NameEn)
                    : null;
            case TargetKinds.Department:
                return directory.FindUnit(id) is { } department && department.DivisionCode == directory.CityCode
                    ? new TourTarget(kind, id, department.DivisionCode, department.Name, department.NameEn)
                    : null;
            case TargetKinds.Unit:
                return directory.FindUnit(id) is { } unit && unit.DivisionCode != directory.CityCode
                    ? new TourTarget(kind, id, unit.DivisionCode, unit.Name, unit.NameEn)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>Whether a unit belongs to the target: within the division, or the unit itself or one below it.</summary>
    public bool Includes(CityDirectory directory, string unitId)
    {
        var unit = directory.FindUnit(unitId);
        if (unit is null)
        {
            return false;
        }
        return Kind == TargetKinds.Division
            ? directory.Covers(DivisionCode, unit.DivisionCode)
            : unit.Id == Id || unit.ParentUnitId == Id;
    }
}
