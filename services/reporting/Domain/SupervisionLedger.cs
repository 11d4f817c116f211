using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Contracts.Events.Inspection;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reporting.Data;

namespace Supervision.Reporting.Domain;

/// <summary>Where a ledger entry comes from; the numbers are the API's LedgerSource values.</summary>
public enum LedgerSource
{
    Report = 1,
    Case = 2,
    Inspection = 3,
    Rectification = 4,
    Evaluation = 5,
    Warning = 6,
}

/// <summary>One line of a cadre's or unit's ledger: what happened, when, and the facts it is worded from.</summary>
public sealed record LedgerEntry(Guid EntryId, LedgerSource Source, string Kind, DateTimeOffset OccurredAt, IReadOnlyList<string> Args)
{
    public const string Cadre = "cadre";
    public const string Unit = "unit";
}

/// <summary>
/// The supervision ledger (干部监督信息台帐) as a projection of the event log: each logged event adds its entries, each
/// with an id derived from the event's own ids, so a replay writes the same rows and a redelivery none.
/// </summary>
public static class SupervisionLedger
{
    public static async Task ReportReceivedAsync(NpgsqlTransaction t, ReportReceived e, CancellationToken ct)
    {
        foreach (var subject in e.Subjects)
        {
            if (subject.CadreId is { Length: > 0 } cadre) await LedgerStore.AddSubjectAsync(t, e.ReportId, LedgerEntry.Cadre, cadre, ct);
            if (subject.UnitId is { Length: > 0 } unit) await LedgerStore.AddSubjectAsync(t, e.ReportId, LedgerEntry.Unit, unit, ct);
        }
        await LedgerStore.AddAsync(t, Entry(LedgerSource.Report, "report-received", e.ReceivedAt, [e.TrackingNumber, N((int)e.Channel)], "report", e.ReportId),
            reportId: e.ReportId, ct: ct);
    }

    public static Task CaseOpenedAsync(NpgsqlTransaction t, CaseOpened e, CancellationToken ct) =>
        e.AttachedToExistingCase
            ? Task.CompletedTask
            : LedgerStore.AddAsync(t, Entry(LedgerSource.Case, "case-opened", e.At, [], "case-opened", e.CaseId), caseId: e.CaseId, ct: ct);

    /// <summary>
    /// The outcome, reached through the case's reports; each accountability measure in the ledger of the cadre it holds to
    /// account and of the cadre's unit (an event of the first version carries no measures).
    /// </summary>
    public static async Task CaseConcludedAsync(NpgsqlTransaction t, CaseConcluded e, CancellationToken ct)
    {
        await LedgerStore.AddAsync(t, Entry(LedgerSource.Case, "case-concluded", e.At,
            [e.UnitId, e.OutcomeKey ?? "", e.Outcome, e.PublicSummary], "case-concluded", e.CaseId, e.At), caseId: e.CaseId, ct: ct);
        foreach (var (measure, i) in (e.Measures ?? []).Select((m, i) => (m, i)))
        {
            string[] args = [measure.Kind, measure.Words, measure.CadreId, measure.UnitId, measure.DecidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
            await LedgerStore.AddAsync(t, Entry(LedgerSource.Case, "accountability-measure", e.At, args, "measure", e.CaseId, e.At, i, LedgerEntry.Cadre),
                subject: (LedgerEntry.Cadre, measure.CadreId), ct: ct);
            if (measure.UnitId.Length > 0)
            {
                await LedgerStore.AddAsync(t, Entry(LedgerSource.Case, "accountability-measure", e.At, args, "measure", e.CaseId, e.At, i, LedgerEntry.Unit),
                    subject: (LedgerEntry.Unit, measure.UnitId), ct: ct);
            }
        }
    }

    public static Task CaseClosedAsync(NpgsqlTransaction t, CaseClosed e, CancellationToken ct) =>
        LedgerStore.AddAsync(t, Entry(LedgerSource.Case, "case-closed", e.At, [], "case-closed", e.CaseId, e.At), caseId: e.CaseId, ct: ct);

    public static async Task FindingRecordedAsync(NpgsqlTransaction t, FindingRecorded e, CancellationToken ct)
    {
        foreach (var (kind, id) in e.CadreIds.Select(c => (LedgerEntry.Cadre, c)).Concat(e.UnitIds.Select(u => (LedgerEntry.Unit, u))))
        {
            await LedgerStore.AddAsync(t, Entry(LedgerSource.Inspection, "finding", e.At, [e.Category, e.Severity], "finding", e.FindingId, kind, id),
                subject: (kind, id), ct: ct);
        }
    }

    public static Task RectificationItemChangedAsync(NpgsqlTransaction t, RectificationItemChanged e, CancellationToken ct) =>
        LedgerStore.AddAsync(t, Entry(LedgerSource.Rectification, "rectification-" + (e.FromState.Length == 0 ? "opened" : "moved"), e.At,
                [e.ToState, e.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "rectification", e.ItemId, e.ToState, e.At),
            subject: (LedgerEntry.Unit, e.ResponsibleUnitId), ct: ct);

    public static Task RectificationOverdueAsync(NpgsqlTransaction t, RectificationOverdue e, CancellationToken ct) =>
        LedgerStore.AddAsync(t, Entry(LedgerSource.Rectification, "rectification-overdue", e.At,
                [e.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "rectification-overdue", e.ItemId),
            subject: (LedgerEntry.Unit, e.ResponsibleUnitId), ct: ct);

    /// <summary>The public notice of a closed tour's rectification (整改情况公开), in the ledger of the tour's target.</summary>
    public static Task RectificationNoticeIssuedAsync(NpgsqlTransaction t, RectificationNoticeIssued e, CancellationToken ct) =>
        e.TargetKind is LedgerEntry.Unit or LedgerEntry.Cadre
            ? LedgerStore.AddAsync(t, Entry(LedgerSource.Rectification, "rectification-notice", e.At,
                    [N(e.Total), N(e.Verified), N(e.Unfinished), N(e.OverdueUnfinished)], "rectification-notice", e.TourId),
                subject: (e.TargetKind, e.TargetId), ct: ct)
            : Task.CompletedTask;

    /// <summary>A panel visit's mean score for each unit visited (never who visited).</summary>
    public static async Task VisitCompletedAsync(NpgsqlTransaction t, VisitCompleted e, CancellationToken ct)
    {
        foreach (var unit in e.Units)
        {
            await LedgerStore.AddAsync(t, Entry(LedgerSource.Evaluation, e.Secret ? "visit-score-secret" : "visit-score", e.CompletedAt,
                    [Score(unit.MeanScore), N(unit.Records)], "visit", e.PlanId, unit.UnitId),
                subject: (LedgerEntry.Unit, unit.UnitId), ct: ct);
        }
    }

    public static Task ConsequenceAppliedAsync(NpgsqlTransaction t, ConsequenceApplied e, DateTimeOffset at, CancellationToken ct) =>
        LedgerStore.AddAsync(t, Entry(LedgerSource.Evaluation, "consequence", at,
                [e.Consequence, N(e.Rank), N(e.RankedUnits), Score(e.Score), e.DueAt is { } due ? Day(due) : ""],
                "consequence", e.ConsequenceId),
            subject: (LedgerEntry.Unit, e.UnitId), ct: ct);

    /// <summary>A middle-level cadre's place in the ranking of cadres (十佳十差) and its consequence, in the cadre's ledger.</summary>
    public static Task CadreConsequenceAppliedAsync(NpgsqlTransaction t, CadreConsequenceApplied e, DateTimeOffset at, CancellationToken ct) =>
        LedgerStore.AddAsync(t, Entry(LedgerSource.Evaluation, "cadre-consequence", at, [e.Consequence, N(e.Rank), N(e.RankedCadres), Score(e.Score)],
                "cadre-consequence", e.ConsequenceId),
            subject: (LedgerEntry.Cadre, e.CadreId), ct: ct);

    public static Task ConsequenceDueAsync(NpgsqlTransaction t, ConsequenceDue e, CancellationToken ct) =>
        LedgerStore.AddAsync(t, Entry(LedgerSource.Evaluation, "consequence-due", e.DueAt, [e.Consequence], "consequence-due", e.ConsequenceId),
            subject: (LedgerEntry.Unit, e.UnitId), ct: ct);

    /// <summary>An entry whose id is a hash of what makes it unique: the same event always gives the same id.</summary>
    private static LedgerEntry Entry(LedgerSource source, string kind, DateTimeOffset at, IReadOnlyList<string> args, params object[] identity) =>
        new(new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', identity.Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)))))
            .AsSpan(0, 16)), source, kind, at, args);

    /// <summary>A deadline's day in Beijing time, as the notices state it.</summary>
    private static string Day(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Score(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
