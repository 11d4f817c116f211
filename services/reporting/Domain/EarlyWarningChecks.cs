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

/// <summary>
/// Early warnings on the supervision ledger, fired while the log is projected: each rule (data) reads the projection as it
/// stands after the event, and a rule that holds fires once per cadre and window (a period of reports, or the finding, case
/// or consequence), under a lock per cadre so two instances count one after the other. The warning is reporting's own
/// record, never emptied by a rebuild; replaying the log fires nothing new. Each warning proposes a reminder talk (谈话提醒).
/// </summary>
public static class EarlyWarningChecks
{
    public const string Planned = "planned";
    public const string Held = "held";
    public const string Declined = "declined";

    /// <summary>The time zone the periods of reports are counted in (Beijing).</summary>
    public static readonly TimeSpan Local = TimeSpan.FromHours(8);

    public static async Task ReportReceivedAsync(NpgsqlTransaction t, ReportReceived e, CancellationToken ct)
    {
        var cadres = e.Subjects.Select(s => s.CadreId).OfType<string>().Where(c => c.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        if (cadres.Count == 0)
        {
            return;
        }
        var rules = await EarlyWarningStore.RulesAsync(t, EarlyWarningRule.ReportsKind, ct);
        foreach (var cadre in cadres)
        {
            await EarlyWarningStore.LockSubjectAsync(t, LedgerEntry.Cadre, cadre, ct);
            foreach (var rule in rules)
            {
                var (start, end) = rule.Period(DateOnly.FromDateTime(e.ReceivedAt.ToOffset(Local).DateTime));
                var reports = await EarlyWarningStore.ReportsAboutAsync(t, cadre, At(start), At(end), ct);
                if (reports >= rule.Reports)
                {
                    await RaiseAsync(t, rule, cadre, start.ToString("yyyy-MM", CultureInfo.InvariantCulture), e.ReceivedAt,
                        [N(rule.Reports), Day(start), Day(end.AddDays(-1))], ct);
                }
            }
        }
        await CaseOutcomesAsync(t, null, e.ReportId, ct);
    }

    /// <summary>A case joins its report: its outcome, if concluded already, now reaches the report's cadres.</summary>
    public static Task CaseOpenedAsync(NpgsqlTransaction t, CaseOpened e, CancellationToken ct) => CaseOutcomesAsync(t, e.CaseId, e.ReportId, ct);

    public static Task CaseConcludedAsync(NpgsqlTransaction t, CaseConcluded e, CancellationToken ct) => CaseOutcomesAsync(t, e.CaseId, null, ct);

    public static async Task FindingRecordedAsync(NpgsqlTransaction t, FindingRecorded e, CancellationToken ct)
    {
        foreach (var rule in (await EarlyWarningStore.RulesAsync(t, EarlyWarningRule.FindingKind, ct)).Where(r => r.Matches.Contains(e.Severity)))
        {
            foreach (var cadre in e.CadreIds.Distinct().Order(StringComparer.Ordinal))
            {
                await RaiseAsync(t, rule, cadre, e.FindingId.ToString(), e.At, [e.Category, e.Severity], ct);
            }
        }
    }

    public static async Task CadreConsequenceAppliedAsync(NpgsqlTransaction t, CadreConsequenceApplied e, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var rule in (await EarlyWarningStore.RulesAsync(t, EarlyWarningRule.CadreConsequenceKind, ct)).Where(r => r.Matches.Contains(e.Consequence)))
        {
            await RaiseAsync(t, rule, e.CadreId, e.ConsequenceId.ToString(), at, [e.Consequence, N(e.Rank), N(e.RankedCadres)], ct);
        }
    }

    /// <summary>Whatever order the report, the case and its conclusion arrive in, the last of them finds the others.</summary>
    private static async Task CaseOutcomesAsync(NpgsqlTransaction t, Guid? caseId, Guid? reportId, CancellationToken ct)
    {
        var rules = await EarlyWarningStore.RulesAsync(t, EarlyWarningRule.CaseOutcomeKind, ct);
        if (rules.Count == 0)
        {
            return;
        }
        foreach (var (cadre, concludedCase, outcome, concludedAt) in await EarlyWarningStore.ConcludedCasesAsync(t, caseId, reportId, ct))
        {
            foreach (var rule in rules.Where(r => r.Matches.Contains(outcome)))
            {
                await RaiseAsync(t, rule, cadre, concludedCase.ToString(), new DateTimeOffset(DateTime.SpecifyKind(concludedAt, DateTimeKind.Utc)),
                    [outcome], ct);
            }
        }
    }

    private static Task RaiseAsync(NpgsqlTransaction t, EarlyWarningRule rule, string cadreId, string window, DateTimeOffset at, string[] args,
        CancellationToken ct) =>
        EarlyWarningStore.RaiseAsync(t, new EarlyWarningRow
        {
            WarningId = WarningId(rule.Id, cadreId, window), RuleId = rule.Id, SubjectKind = LedgerEntry.Cadre, SubjectId = cadreId, WindowKey = window,
            RaisedAt = at.UtcDateTime, Args = [rule.Kind, .. args],
        }, ct);

    /// <summary>The warning's id, derived from its key: the same warning always has the same id.</summary>
    public static Guid WarningId(string ruleId, string cadreId, string window) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"early-warning|{ruleId}|{LedgerEntry.Cadre}|{cadreId}|{window}")).AsSpan(0, 16));

    private static DateTimeOffset At(DateOnly localDay) => new(localDay.ToDateTime(TimeOnly.MinValue), Local);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
