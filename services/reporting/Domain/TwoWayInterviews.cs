using System.Globalization;
using Npgsql;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;

namespace Supervision.Reporting.Domain;

/// <summary>An interview to schedule, as checked at the edge: who is interviewed, when, about what, on whose initiative.</summary>
/// <remarks>An interview scheduled for a request to be heard names the request instead of a cadre or unit: its interviewee is the requester.</remarks>
public sealed record InterviewPlan(string Initiative, string? CadreId, string? UnitId, string DivisionCode, DateTimeOffset ScheduledAt, string Topic,
    Guid? HearingRequestId = null);

/// <summary>What came of an interview: held (with an optional follow-up that names a unit and a date) or not held.</summary>
public sealed record InterviewOutcome(string Status, string Notes, string? FollowUp, string? FollowUpUnitId, DateOnly? FollowUpBy);

/// <summary>
/// The department head's two-way interviews (双向约谈): the head interviews on their own initiative to solve problems
/// (主动约谈) and receives those who ask to be heard (接受约谈). Each is scheduled, then its outcome recorded once; the
/// daily dispatch lists the day's interviews and the follow-up of those recorded since the previous dispatch.
/// </summary>
public sealed class TwoWayInterviews(DispatchSchedule schedule, TimeProvider time)
{
    public const string Head = "head";
    public const string Requested = "requested";
    public const string Scheduled = "scheduled";
    public const string Held = "held";
    public const string NotHeld = "not-held";

    /// <summary>How far ahead an interview may be scheduled.</summary>
    public static readonly TimeSpan LongestLead = TimeSpan.FromDays(366);

    /// <summary>
    /// Schedules the interview; a retry with the same idempotency key and the same request returns the first one. Null
    /// when the key was used for a different request.
    /// </summary>
    public async Task<InterviewRow?> ScheduleAsync(NpgsqlTransaction transaction, InterviewPlan plan, string scheduledBy, string idempotencyKey,
        byte[] requestHash, CancellationToken ct)
    {
        var row = new InterviewRow(Guid.CreateVersion7(), plan.Initiative, plan.CadreId, plan.UnitId, plan.DivisionCode, Stored(plan.ScheduledAt),
            plan.Topic, scheduledBy, Scheduled, null, null, null, null, null, null, plan.HearingRequestId);
        if (await InterviewStore.AddAsync(transaction, row, idempotencyKey, requestHash, time.GetUtcNow(), ct))
        {
            return row;
        }
        return await InterviewStore.ReplayAsync(transaction, idempotencyKey, requestHash, ct);
    }

    /// <summary>The interview an earlier request with this idempotency key and the same content scheduled, if any.</summary>
    public async Task<InterviewRow?> FindRetryAsync(NpgsqlTransaction transaction, string idempotencyKey, byte[] requestHash, CancellationToken ct) =>
        await InterviewStore.KeyTakenAsync(transaction, idempotencyKey, ct)
            ? await InterviewStore.ReplayAsync(transaction, idempotencyKey, requestHash, ct)
            : null;

    /// <summary>
    /// Records the outcome of a scheduled interview, once (the row is locked, so two instances cannot both record it);
    /// an interview cannot be recorded as held before its time. Null when there is no such interview.
    /// </summary>
    public async Task<InterviewRow?> RecordAsync(NpgsqlTransaction transaction, Guid interviewId, InterviewOutcome outcome, string recordedBy,
        CancellationToken ct)
    {
        var row = await InterviewStore.FindAsync(transaction, interviewId, forUpdate: true, ct);
        if (row is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (row.Status != Scheduled)
        {
            throw ReportingTexts.Words.Refusal("interview.already-recorded", schedule.LocalTime(Utc(row.RecordedAt!.Value)),
                ReportingTexts.Words.Word("interview.status." + row.Status));
        }
        if (outcome.Status == Held && now < Utc(row.ScheduledAt))
        {
            throw ReportingTexts.Words.Refusal("interview.not-yet-held", schedule.LocalTime(Utc(row.ScheduledAt)));
        }
        var recorded = row with
        {
            Status = outcome.Status, RecordedAt = Stored(now), RecordedBy = recordedBy, Notes = outcome.Notes, FollowUp = outcome.FollowUp,
            FollowUpUnitId = outcome.FollowUpUnitId, FollowUpBy = outcome.FollowUpBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        await InterviewStore.RecordAsync(transaction, recorded, ct);
        return recorded;
    }

    /// <summary>The local day of <paramref name="now"/>: a follow-up cannot fall due before it.</summary>
    public DateOnly Today => schedule.LocalDate(time.GetUtcNow());

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>An instant as the database keeps it (microseconds), so the answer that stores it reads as every later one.</summary>
    private static DateTime Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, DateTimeKind.Utc);

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
