using Npgsql;
using Supervision.Reference;
using Supervision.Reporting.Data;

namespace Supervision.Reporting.Domain;

/// <summary>
/// The indicators of one period for a division: received reports, and counts per unit, per county and in total; with the
/// events the log holds, unless the caller did not ask (counting a log of millions takes seconds, and a bulletin shows none).
/// </summary>
public sealed record IndicatorSet(
    string DivisionCode,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ReceivedCount> Received,
    UnitCounts Total,
    IReadOnlyList<UnitCounts> Counties,
    IReadOnlyList<UnitCounts> Units,
    long? Events);

/// <summary>
/// Sums the units' counts into counties: a township's units count with their county, a county's with it, the city's
/// own units form the city's row. Units the directory does not know (yet) are left out rather than guessed.
/// </summary>
public sealed class IndicatorCalculator(CityDirectory directory, TimeSpan? timeZoneOffset = null)
{
    private readonly TimeSpan _timeZoneOffset = timeZoneOffset ?? new DispatchOptions().TimeZoneOffset;

    /// <summary>The county-level division (or the city) a division belongs to.</summary>
    public string CountyOf(string divisionCode)
    {
        var division = directory.FindDivision(divisionCode);
        return division is { Level: "township", ParentCode: { } parent } ? parent : divisionCode;
    }

    /// <summary>The county a unit counts with, when the directory knows the unit and it lies within the division; else null.</summary>
    public string? CountyOfUnit(string divisionCode, string unitId) =>
        directory.FindUnit(unitId) is { } unit && directory.Covers(divisionCode, unit.DivisionCode) ? CountyOf(unit.DivisionCode) : null;

    public async Task<IndicatorSet> ComputeAsync(NpgsqlTransaction transaction, string divisionCode, DateTimeOffset from, DateTimeOffset to,
        DateTimeOffset asOf, CancellationToken ct, bool countEvents = true)
    {
        var end = asOf < to ? asOf : to;
        var units = (await IndicatorQueries.PerUnitAsync(transaction, from, to, end, _timeZoneOffset, ct))
            .Where(u => directory.FindUnit(u.UnitId) is { } unit && directory.Covers(divisionCode, unit.DivisionCode))
            .ToList();
        var divisions = directory.Subtree(divisionCode);
        var received = await IndicatorQueries.ReceivedAsync(transaction, divisions, from, end, ct);
        var counties = divisions.Select(CountyOf).Where(c => directory.Covers(divisionCode, c) || c == CountyOf(divisionCode)).Distinct()
            .Select(county => units.Where(u => CountyOf(directory.FindUnit(u.UnitId)!.DivisionCode) == county)
                .Aggregate(new UnitCounts { UnitId = county }, (sum, u) => sum + u))
            .OrderBy(c => c.UnitId, StringComparer.Ordinal)
            .ToList();
        var total = counties.Aggregate(new UnitCounts { UnitId = divisionCode }, (sum, c) => sum + c);
        return new IndicatorSet(divisionCode, from, to, received, total, counties, units, countEvents ? await EventLogStore.CountAsync(transaction, ct) : null);
    }
}
