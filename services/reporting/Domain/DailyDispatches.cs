using System.Globalization;
using Npgsql;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Reporting.Domain;

/// <summary>
/// The daily dispatch (日调度): on each working day at the configured time, what came in since the previous one, the
/// deadlines overdue or due today with the units holding them, escalations, open election cases, duty-roster gaps, the
/// head's interviews of the day and the follow-up of those recorded since the previous dispatch, the reminder talks early
/// warnings proposed that are still planned and those recorded since the previous dispatch.
/// One per date, whichever instance or timer gets there; each one schedules the next.
/// </summary>
public sealed class DailyDispatches(DispatchSchedule schedule, CityDirectory directory, TimeProvider time)
{
    public const string TimerKind = "daily-dispatch";

    public DispatchSchedule Schedule => schedule;

    public static string Subject(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Makes the dispatch of <paramref name="date"/> from the projections as they stand; false when it exists already.</summary>
    public async Task<bool> GenerateAsync(NpgsqlTransaction transaction, DateOnly date, CancellationToken ct)
    {
        if (await DispatchStore.ExistsAsync(transaction, date, ct))
        {
            return false;
        }
        var (from, to) = schedule.Period(date);
        var content = new DispatchContent(
            await IndicatorQueries.ReceivedAsync(transaction, directory.Subtree(directory.CityCode), from, to, ct),
            await DispatchStore.OpenDeadlinesAsync(transaction, schedule.EndOfDay(date), ct),
            await DispatchStore.EscalationsAsync(transaction, from, to, ct),
            await DispatchStore.OpenElectionCasesAsync(transaction, to, ct),
            await DispatchStore.DutyGapsAsync(transaction, from, to, ct),
            await InterviewStore.ScheduledAsync(transaction, schedule.EndOfDay(date.AddDays(-1)), schedule.EndOfDay(date), ct),
            await InterviewStore.RecordedAsync(transaction, from, to, ct),
            await EarlyWarningStore.PlannedAsync(transaction, to, ct),
            await EarlyWarningStore.RecordedAsync(transaction, from, to, ct));
        return await DispatchStore.AddAsync(transaction, date, time.GetUtcNow(), from, to, content, ct);
    }

    /// <summary>Schedules the dispatch of <paramref name="date"/>; a timer already pending for it is kept.</summary>
    public Task<bool> ScheduleAsync(NpgsqlTransaction transaction, DateOnly date, CancellationToken ct) =>
        DurableTimers.ScheduleAsync(transaction, TimerKind, Subject(date), schedule.DueAt(date), null, ct);

    /// <summary>
    /// The dispatch still to come: today's or the next working day's, past every date already made (a restart after a
    /// dispatch, or a second instance starting, schedules the following one).
    /// </summary>
    public async Task<DateOnly> ScheduleNextAsync(NpgsqlTransaction transaction, DateOnly? after, CancellationToken ct)
    {
        var next = schedule.NextDate(time.GetUtcNow());
        if (after is { } done && schedule.Calendar.NextWorkingDay(done) > next)
        {
            next = schedule.Calendar.NextWorkingDay(done);
        }
        while (await DispatchStore.ExistsAsync(transaction, next, ct))
        {
            next = schedule.Calendar.NextWorkingDay(next);
        }
        await ScheduleAsync(transaction, next, ct);
        return next;
    }
}
