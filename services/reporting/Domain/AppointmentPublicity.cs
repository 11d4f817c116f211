using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Reporting;
using Supervision.Contracts.Events.Routing;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Reporting.Domain;

/// <summary>A publicity to open, as checked at the edge.</summary>
public sealed record PublicityPlan(string CadreId, string UnitId, string DivisionCode, string ProposedPost, string BasicFacts, string ConductRecord,
    string ResidentialCommunity, Guid? VacancyId);

/// <summary>Why an appointment is held, as counted now.</summary>
public sealed record PublicityHolds(bool WindowOpen, int OpenReports, int OpenObjections, int Objections);

/// <summary>
/// Pre-appointment publicity (任前公示, 双公示): the proposed appointee is publicized in the unit and in the residential
/// community where they live. The appointment is held while the objection window (working days, at least 5) is open, and
/// after it while any objection or report about the cadre is open; then it is cleared, and appointed or withdrawn. The
/// window ends on a durable timer; reports arriving and cases closing move it through the event log consumer, in the
/// transaction that logs them. Each move is an event.
/// </summary>
public sealed class AppointmentPublicity(DispatchSchedule schedule, OpennessOptions options, Outbox outbox, TimeProvider time)
{
    public const string TimerKind = "reporting-publicity-window";
    public const string Held = "held";
    public const string Cleared = "cleared";
    public const string Appointed = "appointed";
    public const string Withdrawn = "withdrawn";

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// When the window of a publicity opened at <paramref name="openedAt"/> ends: at the end of the configured number of
    /// working days, counted from the first working day after the day it opened.
    /// </summary>
    public DateTimeOffset WindowEnd(DateTimeOffset openedAt)
    {
        var day = schedule.LocalDate(openedAt);
        for (var i = 0; i < options.ObjectionWorkingDays; i++)
        {
            day = schedule.Calendar.NextWorkingDay(day);
        }
        return schedule.EndOfDay(day);
    }

    /// <summary>Opens the publicity once per idempotency key, with its window's timer; null when the key was used for a different request.</summary>
    public async Task<PublicityRow?> OpenAsync(NpgsqlTransaction transaction, PublicityPlan plan, string openedBy, string idempotencyKey, byte[] requestHash,
        CancellationToken ct)
    {
        if (plan.VacancyId is { } vacancyId)
        {
            var vacancy = await VacancyStore.FindAsync(transaction, vacancyId, forUpdate: false, ct);
            if (vacancy is null || vacancy.Stage != CompetitiveSelection.Concluded)
            {
                throw ReportingTexts.Words.Refusal("publicity.selection-not-concluded", vacancyId);
            }
            if (!(await VacancyStore.CandidatesAsync(transaction, vacancyId, CompetitiveSelection.Stages[^1], ct)).Contains(plan.CadreId))
            {
                throw ReportingTexts.Words.Refusal("publicity.not-a-vote-candidate", plan.CadreId);
            }
        }
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        var windowEnd = WindowEnd(now);
        var row = new PublicityRow(Guid.CreateVersion7(), plan.CadreId, plan.UnitId, plan.DivisionCode, plan.ProposedPost, plan.BasicFacts, plan.ConductRecord,
            plan.ResidentialCommunity, plan.VacancyId, openedBy, now, options.ObjectionWorkingDays, windowEnd.UtcDateTime, false, Held, null, null, null);
        if (await PublicityStore.AddAsync(transaction, row, idempotencyKey, requestHash, ct))
        {
            await DurableTimers.ScheduleAsync(transaction, TimerKind, row.PublicityId.ToString(), windowEnd, null, ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new PublicityOpened
            {
                PublicityId = row.PublicityId, CadreId = row.CadreId, UnitId = row.UnitId, DivisionCode = row.DivisionCode, VacancyId = row.VacancyId,
                WindowEndsAt = windowEnd, At = now,
            }, ct);
            return row;
        }
        return await PublicityStore.ReplayAsync(transaction, idempotencyKey, requestHash, ct);
    }

    /// <summary>What holds the appointment now.</summary>
    public async Task<PublicityHolds> HoldsAsync(NpgsqlTransaction transaction, PublicityRow row, CancellationToken ct)
    {
        var (open, openObjections, objections) = await PublicityStore.HoldsAsync(transaction, row.PublicityId, row.CadreId, ct);
        return new PublicityHolds(!row.WindowClosed, open, openObjections, objections);
    }

    /// <summary>Refuses an objection once the window has ended (by the clock, whether or not its timer has fired yet).</summary>
    public void RequireWindowOpen(PublicityRow row)
    {
        if (row.WindowClosed || time.GetUtcNow() >= Utc(row.WindowEndsAt) || row.Status is Appointed or Withdrawn)
        {
            throw ReportingTexts.Words.Refusal("publicity.window-closed", schedule.LocalTime(Utc(row.WindowEndsAt)));
        }
    }

    /// <summary>Records the report an objection became, once; an event tells who follows the cadre (never the objector).</summary>
    public async Task RecordObjectionAsync(NpgsqlTransaction transaction, PublicityRow row, Guid reportId, string trackingNumber, CancellationToken ct)
    {
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        if (await PublicityStore.AddObjectionAsync(transaction, row.PublicityId, reportId, trackingNumber, now, ct))
        {
            await outbox.EnqueueAsync(transaction.Connection!, transaction,
                new PublicityObjectionReferred { PublicityId = row.PublicityId, CadreId = row.CadreId, ReportId = reportId, At = now }, ct);
        }
    }

    /// <summary>The window's timer: the window is closed, and the appointment cleared unless an objection or report is open.</summary>
    public async Task CloseWindowAsync(NpgsqlTransaction transaction, Guid publicityId, CancellationToken ct)
    {
        var row = await PublicityStore.FindAsync(transaction, publicityId, forUpdate: true, ct);
        if (row is null || row.WindowClosed)
        {
            return;
        }
        var now = time.GetUtcNow();
        var holds = await HoldsAsync(transaction, row, ct);
        var status = row.Status == Held && holds.OpenReports == 0 ? Cleared : row.Status;
        await PublicityStore.MoveAsync(transaction, publicityId, status, windowClosed: true, ct);
        await outbox.EnqueueAsync(transaction.Connection!, transaction,
            new PublicityWindowClosed { PublicityId = publicityId, CadreId = row.CadreId, OpenReports = holds.OpenReports, At = now }, ct);
        if (status == Cleared && row.Status == Held)
        {
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new AppointmentCleared { PublicityId = publicityId, CadreId = row.CadreId, At = now }, ct);
        }
    }

    /// <summary>
    /// After the log took an event in this transaction: a report naming a cadre holds a cleared appointment again; a closed
    /// case may clear a held one whose window has ended. Publicities are locked first, so the counts see every report
    /// committed before, and this transaction's own.
    /// </summary>
    public async Task ReviewAsync<TEvent>(NpgsqlTransaction transaction, TEvent message, CancellationToken ct) where TEvent : class
    {
        IReadOnlyList<string> cadres = message switch
        {
            ReportReceived received => received.Subjects.Select(s => s.CadreId).OfType<string>().Distinct().ToList(),
            CaseClosed closed => await PublicityStore.CadresOfReportsAsync(transaction, closed.ReportIds, ct),
            _ => [],
        };
        if (cadres.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var row in await PublicityStore.UndecidedForUpdateAsync(transaction, cadres, ct))
        {
            if (!row.WindowClosed)
            {
                continue;
            }
            var holds = await HoldsAsync(transaction, row, ct);
            if (row.Status == Cleared && holds.OpenReports > 0)
            {
                await PublicityStore.MoveAsync(transaction, row.PublicityId, Held, windowClosed: true, ct);
                await outbox.EnqueueAsync(transaction.Connection!, transaction,
                    new AppointmentHeld { PublicityId = row.PublicityId, CadreId = row.CadreId, OpenReports = holds.OpenReports, At = now }, ct);
            }
            else if (row.Status == Held && holds.OpenReports == 0)
            {
                await PublicityStore.MoveAsync(transaction, row.PublicityId, Cleared, windowClosed: true, ct);
                await outbox.EnqueueAsync(transaction.Connection!, transaction,
                    new AppointmentCleared { PublicityId = row.PublicityId, CadreId = row.CadreId, At = now }, ct);
            }
        }
    }

    /// <summary>Appoints the cadre of a cleared publicity, or withdraws a held or cleared one (with the reason). Null when there is no such publicity.</summary>
    public async Task<PublicityRow?> DecideAsync(NpgsqlTransaction transaction, Guid publicityId, bool appoint, string? reason, string decidedBy,
        CancellationToken ct)
    {
        var row = await PublicityStore.FindAsync(transaction, publicityId, forUpdate: true, ct);
        if (row is null)
        {
            return null;
        }
        if (row.Status is Appointed or Withdrawn)
        {
            throw ReportingTexts.Words.Refusal("publicity.decided", ReportingTexts.Words.Word("publicity.status." + row.Status));
        }
        if (appoint && row.Status == Held)
        {
            var holds = await HoldsAsync(transaction, row, ct);
            throw holds.WindowOpen
                ? ReportingTexts.Words.Refusal("publicity.held-by-window", schedule.LocalTime(Utc(row.WindowEndsAt)))
                : ReportingTexts.Words.Refusal("publicity.held-by-reports", holds.OpenReports, holds.OpenObjections);
        }
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        var status = appoint ? Appointed : Withdrawn;
        await PublicityStore.DecideAsync(transaction, publicityId, status, decidedBy, now, reason, ct);
        if (appoint)
        {
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new AppointmentMade { PublicityId = publicityId, CadreId = row.CadreId, At = now }, ct);
        }
        else
        {
            await DurableTimers.CancelAsync(transaction, TimerKind, publicityId.ToString(), ct);
            await outbox.EnqueueAsync(transaction.Connection!, transaction,
                new AppointmentWithdrawn { PublicityId = publicityId, CadreId = row.CadreId, Reason = reason!, At = now }, ct);
        }
        return row with { Status = status, DecidedBy = decidedBy, DecidedAt = now, DecisionReason = reason };
    }

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
