using Supervision.Contracts.Events.Intake;
using Supervision.Reference;

namespace Supervision.Routing.Domain;

/// <summary>
/// The accused units of a case: the leadership team of each receives the result of the anonymous
/// reports, collectively (domain.md, section 6). A cadre subject accuses the cadre's unit, a unit subject
/// that unit; a case no report places in the directory accuses the unit a dispatcher placed it with,
/// or the units the concluding unit names.
/// </summary>
public static class AccusedUnits
{
    public const string FromReport = "report";
    public const string FromDispatch = "dispatch";
    public const string Named = "named";

    /// <summary>The directory units a report accuses, in the order of its subjects.</summary>
    public static IReadOnlyList<string> Of(ReportReceived report, CityDirectory directory) =>
        report.Subjects
            .Select(s => s.CadreId is not null && directory.FindCadre(s.CadreId) is { } cadre ? cadre.UnitId
                : s.UnitId is not null && directory.FindUnit(s.UnitId) is { } unit ? unit.Id
                : null)
            .OfType<string>()
            .Distinct()
            .ToList();
}
