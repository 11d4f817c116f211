using Supervision.Inspection.Data;
using Supervision.Reference;

namespace Supervision.Inspection.Domain;

/// <summary>Where a case of a linked report stands, from routing's events: no case yet, open, concluded, closed.</summary>
public static class CaseProgressNames
{
    public const string NotOpened = "not-opened";
    public const string Open = "open";
    public const string Concluded = "concluded";
    public const string Closed = "closed";

    public static string Of(Guid? caseId, bool concluded, bool closed) =>
        caseId is null ? NotOpened : closed ? Closed : concluded ? Concluded : Open;
}

/// <summary>A report linked to a tour: received by its team for it, or about its target during its period.</summary>
public sealed record LinkedReportRecord(Guid ReportId, DateTimeOffset ReceivedAt, bool ReceivedByTeam, Guid? CaseId, string CaseProgress);

/// <summary>A routing case about the tour's target opened during its period (or opened for a report its team received).</summary>
public sealed record TourCaseRecord(Guid CaseId, DateTimeOffset OpenedAt, string Progress, bool Late, bool Substantiated, IReadOnlyList<Guid> ReportIds);

/// <summary>
/// What reaches a tour: its target (a division with everything in it, or a unit and the units below it) and its period,
/// from the first day's start to the last day's end in the city's time.
/// </summary>
public sealed record TourReach(Guid TourId, IReadOnlyList<string> DivisionCodes, IReadOnlyList<string> UnitIds, DateTimeOffset From, DateTimeOffset To)
{
    public static TourReach Of(TourRecord tour, CityDirectory directory, InspectionRules rules)
    {
        var target = tour.Target;
        return new TourReach(tour.Id,
            target.Kind == TargetKinds.Division ? directory.Subtree(target.DivisionCode) : [],
            target.Kind == TargetKinds.Division ? [] : [target.Id, .. directory.Units.Where(u => u.ParentUnitId == target.Id).Select(u => u.Id)],
            rules.Rectification.EndOf(tour.StartsOn.AddDays(-1)),
            rules.Rectification.EndOf(tour.EndsOn));
    }
}

/// <summary>The reports and routing cases that reached a tour, newest first, and the findings it referred, from inspection's own projection.</summary>
public sealed class TourCaseloadQueries(InspectionTransactions transactions, CityDirectory directory, InspectionRules rules)
{
    public Task<IReadOnlyList<LinkedReportRecord>> ReportsAsync(TourRecord tour, (DateTime At, Guid Id)? after, int size, CancellationToken ct) =>
        transactions.ReadAsync(t => TourCaseloadStore.ReportsAsync(t, TourReach.Of(tour, directory, rules), after, size, ct), ct);

    public Task<IReadOnlyList<TourCaseRecord>> CasesAsync(TourRecord tour, (DateTime At, Guid Id)? after, int size, CancellationToken ct) =>
        transactions.ReadAsync(t => TourCaseloadStore.CasesAsync(t, TourReach.Of(tour, directory, rules), after, size, ct), ct);

    /// <summary>The tour's findings referred through intake, each with its report and, once routing opens it, its case and where it stands.</summary>
    public Task<IReadOnlyList<FindingReferralRecord>> ReferralsAsync(Guid tourId, CancellationToken ct) =>
        transactions.ReadAsync(t => FindingReferralStore.OfTourAsync(t, tourId, ct), ct);
}
