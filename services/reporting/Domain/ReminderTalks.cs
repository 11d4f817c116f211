using System.Globalization;
using Npgsql;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;

namespace Supervision.Reporting.Domain;

/// <summary>What came of a proposed reminder talk (谈话提醒): held on a day, or declined; notes either way.</summary>
public sealed record ReminderTalkOutcome(string State, string Notes, DateOnly? HeldOn);

/// <summary>
/// The reminder talk an early warning proposes is planned until an oversight officer records it once, as held (on a day
/// between the warning and today) or declined, with notes and who decided; the row is locked so two instances cannot both record it.
/// </summary>
public sealed class ReminderTalks(DispatchSchedule schedule, TimeProvider time)
{
    public DateOnly Today => schedule.LocalDate(time.GetUtcNow());

    /// <summary>Records the outcome; null when there is no such warning.</summary>
    public async Task<EarlyWarningRow?> RecordAsync(NpgsqlTransaction transaction, Guid warningId, ReminderTalkOutcome outcome, string decidedBy,
        CancellationToken ct)
    {
        var row = await EarlyWarningStore.FindAsync(transaction, warningId, forUpdate: true, ct);
        if (row is null)
        {
            return null;
        }
        if (row.TalkState != EarlyWarningChecks.Planned)
        {
            throw ReportingTexts.Words.Refusal("reminder-talk.already-recorded",
                schedule.LocalTime(new DateTimeOffset(DateTime.SpecifyKind(row.TalkRecordedAt!.Value, DateTimeKind.Utc))),
                ReportingTexts.Words.Word("reminder-talk.state." + row.TalkState));
        }
        var raisedOn = schedule.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(row.RaisedAt, DateTimeKind.Utc)));
        if (outcome.HeldOn is { } heldOn && heldOn < raisedOn)
        {
            throw ReportingTexts.Words.Refusal("reminder-talk.before-warning", Day(heldOn), Day(raisedOn));
        }
        var now = time.GetUtcNow();
        var recorded = row with
        {
            TalkState = outcome.State, TalkNotes = outcome.Notes, TalkHeldOn = outcome.HeldOn is { } day ? Day(day) : null, TalkDecidedBy = decidedBy,
            TalkRecordedAt = new DateTime(now.UtcTicks - now.UtcTicks % 10, DateTimeKind.Utc),
        };
        await EarlyWarningStore.RecordTalkAsync(transaction, recorded, ct);
        return recorded;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>At start, writes the early-warning rules of the data folder to the database, where the projection reads them.</summary>
public sealed class EarlyWarningRulesLoader(NpgsqlDataSource dataSource, IReadOnlyList<EarlyWarningRule> rules) : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await EarlyWarningStore.ReplaceRulesAsync(transaction, rules, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
