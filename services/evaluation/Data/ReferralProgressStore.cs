using Npgsql;
using Supervision.ServiceDefaults.Data;

namespace Supervision.Evaluation.Data;

/// <summary>What became of one referred report, as intake's and routing's events told it.</summary>
public sealed record ReferralProgressRecord
{
    public Guid ReportId { get; init; }
    public DateTime? ReceivedAt { get; init; }
    public Guid? CaseId { get; init; }
    public string? UnitId { get; init; }
    public DateTime? RoutedAt { get; init; }
    public DateTime? AcknowledgedAt { get; init; }
    public DateTime? ConcludedAt { get; init; }
    public string? OutcomeKey { get; init; }
    public string? Outcome { get; init; }
    public string? PublicSummary { get; init; }
    public DateTime? ClosedAt { get; init; }
    public string? ClosingReasonKey { get; init; }
    public DateTime? ReopenedAt { get; init; }
    public string? ReopenReason { get; init; }

    /// <summary>A conclusion before the latest reopening is history, not the current outcome.</summary>
    public bool ConclusionIsCurrent => ConcludedAt is { } concluded && (ReopenedAt is not { } reopened || concluded > reopened);

    public bool ClosingIsCurrent => ClosedAt is { } closed && (ReopenedAt is not { } reopened || closed > reopened);
}

/// <summary>The referral progress projection's SQL, in the consumer's (or reader's) transaction.</summary>
public static class ReferralProgressStore
{
    private const string Columns =
        """
        report_id as ReportId, received_at as ReceivedAt, case_id as CaseId, unit_id as UnitId, routed_at as RoutedAt,
        acknowledged_at as AcknowledgedAt, concluded_at as ConcludedAt, outcome_key as OutcomeKey, outcome as Outcome,
        public_summary as PublicSummary, closed_at as ClosedAt, closing_reason_key as ClosingReasonKey,
        reopened_at as ReopenedAt, reopen_reason as ReopenReason
        """;

    public static Task ReceivedAsync(NpgsqlTransaction transaction, Guid reportId, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into referral_progress (report_id, received_at) values (@reportId, @at)
            on conflict (report_id) do update set received_at = coalesce(referral_progress.received_at, excluded.received_at)
            """, new { reportId, at = at.UtcDateTime }, ct);

    public static Task OpenedAsync(NpgsqlTransaction transaction, Guid reportId, Guid caseId, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into referral_progress (report_id, case_id) values (@reportId, @caseId)
            on conflict (report_id) do update set case_id = coalesce(referral_progress.case_id, excluded.case_id)
            """, new { reportId, caseId }, ct);

    /// <summary>The lead unit was given (or, transferred, handed) the case: the latest one handles it.</summary>
    public static Task RoutedAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds, Guid caseId, string unitId, DateTimeOffset at,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into referral_progress (report_id, case_id, unit_id, routed_at)
            select r, @caseId, @unitId, @at from unnest(@reportIds) as r
            on conflict (report_id) do update set case_id = coalesce(referral_progress.case_id, excluded.case_id),
                routed_at = coalesce(referral_progress.routed_at, excluded.routed_at),
                unit_id = case when referral_progress.routed_at is null or referral_progress.routed_at <= excluded.routed_at
                               then excluded.unit_id else referral_progress.unit_id end
            """, new { reportIds = reportIds.ToArray(), caseId, unitId, at = at.UtcDateTime }, ct);

    public static Task AcknowledgedAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds, Guid caseId, DateTimeOffset at,
        CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into referral_progress (report_id, case_id, acknowledged_at)
            select r, @caseId, @at from unnest(@reportIds) as r
            on conflict (report_id) do update set acknowledged_at = coalesce(referral_progress.acknowledged_at, excluded.acknowledged_at)
            """, new { reportIds = reportIds.ToArray(), caseId, at = at.UtcDateTime }, ct);

    public static Task ConcludedAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds, Guid caseId, string? outcomeKey, string outcome,
        string publicSummary, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            """
            insert into referral_progress (report_id, case_id, concluded_at, outcome_key, outcome, public_summary)
            select r, @caseId, @at, @outcomeKey, @outcome, @publicSummary from unnest(@reportIds) as r
            on conflict (report_id) do update set concluded_at = excluded.concluded_at, outcome_key = excluded.outcome_key,
                outcome = excluded.outcome, public_summary = excluded.public_summary
            where referral_progress.concluded_at is null or referral_progress.concluded_at <= excluded.concluded_at
            """, new { reportIds = reportIds.ToArray(), caseId, outcomeKey, outcome, publicSummary, at = at.UtcDateTime }, ct);

    public static Task ClosedAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds, Guid caseId, string? reasonKey, DateTimeOffset at,
        CancellationToken ct) =>
        KeepLatestAsync(transaction, "closed_at", "closing_reason_key", reportIds, caseId, reasonKey, at, ct);

    /// <summary>The case was reopened: the latest reopening wins, whatever order the events arrive in.</summary>
    public static Task ReopenedAsync(NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds, Guid caseId, string reason, DateTimeOffset at,
        CancellationToken ct) =>
        KeepLatestAsync(transaction, "reopened_at", "reopen_reason", reportIds, caseId, reason, at, ct);

    /// <summary>Sets a stage's time and words unless the row already holds a later one (the column names are this class's constants).</summary>
    private static Task KeepLatestAsync(NpgsqlTransaction transaction, string atColumn, string textColumn, IReadOnlyList<Guid> reportIds,
        Guid caseId, string? text, DateTimeOffset at, CancellationToken ct) =>
        transaction.ExecuteAsync(
            $"""
            insert into referral_progress (report_id, case_id, {atColumn}, {textColumn})
            select r, @caseId, @at, @text from unnest(@reportIds) as r
            on conflict (report_id) do update set {atColumn} = excluded.{atColumn}, {textColumn} = excluded.{textColumn}
            where referral_progress.{atColumn} is null or referral_progress.{atColumn} <= excluded.{atColumn}
            """, new { reportIds = reportIds.ToArray(), caseId, text, at = at.UtcDateTime }, ct);

    public static async Task<IReadOnlyDictionary<Guid, ReferralProgressRecord>> ForReportsAsync(NpgsqlTransaction transaction,
        IEnumerable<Guid> reportIds, CancellationToken ct) =>
        (await transaction.ListAsync<ReferralProgressRecord>($"select {Columns} from referral_progress where report_id = any(@ids)",
            new { ids = reportIds.ToArray() }, ct)).ToDictionary(p => p.ReportId);
}
