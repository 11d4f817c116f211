using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Routing.Domain;

/// <summary>Section Routing:Duty: when the 24-hour duty of election periods is checked and how early a gap is warned of.</summary>
public sealed class DutyOptions
{
    public const string Section = "Routing:Duty";

    /// <summary>A unit and its dispatching level are warned this long before an uncovered stretch starts.</summary>
    public TimeSpan WarnAhead { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The time of day, in the city's time zone, at which the daily check runs while a period is open or ahead.</summary>
    public TimeSpan DailyCheckAt { get; set; } = TimeSpan.FromHours(8);

    public bool IsValid => WarnAhead >= TimeSpan.Zero && DailyCheckAt >= TimeSpan.Zero && DailyCheckAt < TimeSpan.FromDays(1);
}

/// <summary>A stretch of an election period in which a unit that must keep 24-hour duty has nobody on shift.</summary>
public sealed record DutyGap(string UnitId, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    /// <summary>Stable while the stretch starts where it does: the unit and the start name it.</summary>
    public Guid Id { get; } = new(SHA256.HashData(Encoding.UTF8.GetBytes($"{UnitId}|{StartsAt.UtcTicks}")).AsSpan(0, 16));
}

/// <summary>
/// 24-hour duty during election periods (换届期间 24 小时值班). The units that must keep it are those the routing
/// rules send election reports to: for every division of the period, the handling kinds of every category
/// (lead and co-unit kinds, rules.json) and the dispatch kind, at each level a report about the division's
/// cadres and units goes to (the division's county or city level, and the level of each cadre's management
/// authority, so a county's period also holds the city's units that handle its city-managed cadres). A gap is a
/// stretch of a period with no shift. It is checked when a period is set and daily (durable timers, ADR 11);
/// each gap is warned of once, <see cref="DutyOptions.WarnAhead"/> before it starts, to the unit and to its
/// dispatching level (the level's dispatch unit; for the dispatch unit itself, the next level's duty unit).
/// </summary>
public sealed class DutyCoverage(RoutingEngine engine, CityDirectory directory, RoutingRules rules, UnitNotifier notifier, IOptions<DutyOptions> options,
    ClockPolicy clocks, ILogger<DutyCoverage> logger)
{
    public const string CheckTimer = "duty-check";
    public const string WarningTimer = "duty-gap-warning";
    /// <summary>The notification kind of a warning about a stretch nobody is on duty.</summary>
    public const string GapKind = "duty-gap";

    /// <summary>The units that must be on duty around the clock during an election period of <paramref name="divisionCode"/>.</summary>
    public IReadOnlyList<Unit> UnitsOnDuty(string divisionCode)
    {
        var divisions = directory.Subtree(divisionCode).ToHashSet();
        var levels = divisions.Select(engine.LevelOf)
            .Concat(directory.Cadres.Where(c => divisions.Contains(c.DivisionCode)).Select(engine.AuthorityLevel))
            .ToHashSet();
        var kinds = rules.HandlingRules.SelectMany(r => r.CoUnitKinds.Prepend(r.LeadUnitKind)).Append(rules.DispatchUnitKind).Distinct().ToList();
        return levels.SelectMany(level => kinds.Select(kind => engine.UnitOf(kind, level))).OfType<Unit>()
            .DistinctBy(u => u.Id).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every gap not over by <paramref name="now"/> in the periods not over, earliest first.</summary>
    public async Task<IReadOnlyList<DutyGap>> GapsAsync(NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken ct) =>
        (await LoadAsync(transaction, now, ct)).Gaps;

    /// <summary>
    /// The check (a period set, or the daily run): a warning timer for each gap not warned of yet, and the next
    /// daily run while a period is open or ahead.
    /// </summary>
    public async Task CheckAsync(NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken ct)
    {
        var (periods, gaps) = await LoadAsync(transaction, now, ct);
        await ScheduleWarningsAsync(transaction, gaps, now, ct);
        if (periods.Count > 0)
        {
            var next = NextDailyCheck(now);
            await DurableTimers.ScheduleAsync(transaction, CheckTimer, next.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                next, ct: ct);
        }
        logger.LogInformation("Duty checked: {Periods} election period(s) open or ahead, {Gaps} gap(s)", periods.Count, gaps.Count);
    }

    /// <summary>
    /// A warning timer fired: if the stretch starting at <paramref name="startsAt"/> is still uncovered, warns of its gap
    /// once; the unit's other gaps (a stretch partly covered since moves its start) get their own warnings.
    /// </summary>
    public async Task WarnAsync(NpgsqlTransaction transaction, string unitId, DateTimeOffset startsAt, DateTimeOffset now, CancellationToken ct)
    {
        var gaps = (await GapsAsync(transaction, now, ct)).Where(g => g.UnitId == unitId).ToList();
        if (gaps.FirstOrDefault(g => g.StartsAt <= startsAt && startsAt < g.EndsAt) is { } gap
            && await DutyStore.RecordWarningAsync(transaction, gap, now, ct) && directory.FindUnit(unitId) is { } unit)
        {
            var words = Phrase.Of("duty.gap-warning", Phrase.Of(unit), LocalTime(gap.StartsAt), LocalTime(gap.EndsAt));
            await notifier.NotifyAsync(transaction, unit.Id, GapKind, words, now, ct);
            if (DispatchingLevel(unit) is { } dispatching)
            {
                await notifier.NotifyAsync(transaction, dispatching.Id, GapKind, words, now, ct);
            }
            logger.LogWarning("Nobody on duty at {UnitId} from {StartsAt:O} to {EndsAt:O}: unit and dispatching level warned", unit.Id, gap.StartsAt, gap.EndsAt);
        }
        await ScheduleWarningsAsync(transaction, gaps, now, ct);
    }

    /// <summary>Who hears of a unit's gap besides the unit: its level's dispatch unit, or above it when the unit is that.</summary>
    public Unit? DispatchingLevel(Unit unit) =>
        engine.DispatchUnitAt(unit.DivisionCode) is { } dispatch && dispatch.Id != unit.Id ? dispatch : engine.NextLevelDutyUnit(unit);

    /// <summary>The stretches of <paramref name="required"/> that no span of <paramref name="covered"/> covers.</summary>
    public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Uncovered(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> required,
        IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> covered)
    {
        var shifts = covered.OrderBy(s => s.Start).ToList();
        var gaps = new List<(DateTimeOffset, DateTimeOffset)>();
        foreach (var (start, end) in Merged(required))
        {
            var cursor = start;
            foreach (var shift in shifts.Where(s => s.End > start && s.Start < end))
            {
                if (shift.Start > cursor)
                {
                    gaps.Add((cursor, shift.Start));
                }
                if (shift.End > cursor)
                {
                    cursor = shift.End;
                }
            }
            if (cursor < end)
            {
                gaps.Add((cursor, end));
            }
        }
        return gaps;
    }

    /// <summary>"2026-11-26 18:00" in the city's time zone: the duty officers' clock.</summary>
    public string LocalTime(DateTimeOffset at) =>
        at.ToOffset(clocks.Options.TimeZoneOffset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The next daily run: <see cref="DutyOptions.DailyCheckAt"/> in the city's time, after <paramref name="now"/>.</summary>
    public DateTimeOffset NextDailyCheck(DateTimeOffset now)
    {
        var local = now.ToOffset(clocks.Options.TimeZoneOffset);
        var next = new DateTimeOffset(local.Date + options.Value.DailyCheckAt, clocks.Options.TimeZoneOffset);
        return next > local ? next : next.AddDays(1);
    }

    private async Task<(IReadOnlyList<ElectionPeriod> Periods, IReadOnlyList<DutyGap> Gaps)> LoadAsync(NpgsqlTransaction transaction, DateTimeOffset now,
        CancellationToken ct)
    {
        var periods = await DutyStore.PeriodsEndingAfterAsync(transaction, now, ct);
        var required = periods
            .SelectMany(p => UnitsOnDuty(p.DivisionCode).Select(u => (UnitId: u.Id, Span: (Start: Utc(p.StartsAt), End: Utc(p.EndsAt)))))
            .GroupBy(r => r.UnitId, r => r.Span)
            .ToList();
        if (required.Count == 0)
        {
            return (periods, []);
        }
        var from = required.SelectMany(r => r).Min(s => s.Start);
        var to = required.SelectMany(r => r).Max(s => s.End);
        var shifts = (await DutyStore.ShiftsAsync(transaction, required.Select(r => r.Key).ToList(), from, to, ct)).ToLookup(s => s.UnitId);
        var gaps = required
            .SelectMany(r => Uncovered(r, shifts[r.Key].Select(s => (Utc(s.StartsAt), Utc(s.EndsAt)))).Select(g => new DutyGap(r.Key, g.Start, g.End)))
            .Where(g => g.EndsAt > now)
            .OrderBy(g => g.StartsAt).ThenBy(g => g.Id)
            .ToList();
        return (periods, gaps);
    }

    private async Task ScheduleWarningsAsync(NpgsqlTransaction transaction, IReadOnlyList<DutyGap> gaps, DateTimeOffset now, CancellationToken ct)
    {
        if (gaps.Count == 0)
        {
            return;
        }
        var warned = await DutyStore.WarnedAsync(transaction, gaps.Select(g => g.UnitId).Distinct().ToList(), ct);
        foreach (var gap in gaps.Where(g => !warned.Contains((g.UnitId, g.StartsAt.UtcDateTime))))
        {
            var due = gap.StartsAt - options.Value.WarnAhead;
            await DurableTimers.ScheduleAsync(transaction, WarningTimer, $"{gap.UnitId}@{gap.StartsAt.UtcDateTime:O}", due > now ? due : now,
                new GapWarning(gap.UnitId, gap.StartsAt), ct);
        }
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Merged(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> spans)
    {
        (DateTimeOffset Start, DateTimeOffset End)? current = null;
        foreach (var span in spans.OrderBy(s => s.Start))
        {
            if (current is { } open && span.Start <= open.End)
            {
                current = (open.Start, span.End > open.End ? span.End : open.End);
                continue;
            }
            if (current is { } done)
            {
                yield return done;
            }
            current = span;
        }
        if (current is { } last)
        {
            yield return last;
        }
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

/// <summary>The payload of a warning timer: the unit and where its uncovered stretch starts.</summary>
public sealed record GapWarning(string UnitId, DateTimeOffset StartsAt);
