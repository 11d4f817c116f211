using Supervision.Contracts.Events.Routing;

namespace Supervision.Reference;

/// <summary>Applies a directory change event to a service's copy of the directory.</summary>
public static class DirectoryChanges
{
    public static void Apply(this CityDirectory directory, DirectoryChanged change)
    {
        if (change.Unit is { } unit)
        {
            var windows = directory.FindUnit(unit.Id)?.ServiceWindows;
            directory.Upsert(new Unit(unit.Id, unit.Name, unit.NameEn, unit.Kind, unit.DivisionCode, unit.ParentUnitId, windows));
        }
        if (change.Cadre is { } cadre)
        {
            directory.Upsert(new Cadre(cadre.Id, cadre.Name, cadre.Gender, cadre.Post, null, cadre.UnitId, cadre.DivisionCode,
                cadre.ManagementAuthority, cadre.MiddleLevel));
        }
    }
}
