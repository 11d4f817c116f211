using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Supervision.Benchmarks;

/// <summary>
/// Writes a <see cref="BulletinDataSet"/> into reporting's projection tables (and as many rows into its event log, which the
/// bulletin counts) with binary COPY, several tables at once, each on its own connection.
/// </summary>
public sealed class BulletinDataLoader(NpgsqlDataSource dataSource, TextWriter progress)
{
    public async Task LoadAsync(IReadOnlyList<GeneratedCase> cases, IReadOnlyList<GeneratedRectification> rectifications, DateTime asOf,
        CancellationToken ct)
    {
        await Task.WhenAll(
            // Each report with its case and the case's lead, as the projection keeps them (0011_report_lead_unit.sql).
            CopyAsync("report_facts", "report_id, channel, category, receiving_division_code, election_related, received_at, case_id, lead_unit_id", cases,
                (w, c) =>
                {
                    Row(w, Uuid(c.ReportId), (c.Channel, Smallint), (c.Category, Smallint), Text(c.DivisionCode), Boolean(c.Election), At(c.ReceivedAt),
                        Uuid(c.CaseId), Text(c.UnitId));
                    if (c.JoinedReportId is { } joined)
                        Row(w, Uuid(joined), (c.Channel, Smallint), (c.Category, Smallint), Text(c.DivisionCode), Boolean(c.Election), At(c.JoinedReceivedAt),
                            Uuid(c.CaseId), Text(c.UnitId));
                }, ct),
            CopyAsync("case_reports", "report_id, case_id", cases, (w, c) =>
            {
                Row(w, Uuid(c.ReportId), Uuid(c.CaseId));
                if (c.JoinedReportId is { } joined) Row(w, Uuid(joined), Uuid(c.CaseId));
            }, ct),
            CopyAsync("case_facts",
                "case_id, election_clock, opened_at, lead_unit_id, assigned_at, acknowledge_by, close_by, concluded_at, outcome, feedback_by, "
                + "feedback_at, real_name_feedback, disputes, closed_at, lead_acknowledged_at", cases, (w, c) =>
                    Row(w, Uuid(c.CaseId), Boolean(c.Election), At(c.OpenedAt), Text(c.UnitId), At(c.AssignedAt), At(c.AcknowledgeBy), At(c.CloseBy),
                        At(c.ConcludedAt), Text(c.Outcome), At(c.FeedbackBy), At(c.FeedbackAt), Boolean(c.RealNameFeedback),
                        (c.DisputedAt is null ? 0 : 1, NpgsqlDbType.Integer), At(c.ClosedAt), At(c.AcknowledgedAt)), ct));
        await Task.WhenAll(
            CopyAsync("acknowledgements", "case_id, unit_id, at", cases, (w, c) =>
            {
                if (c.AcknowledgedAt is { } at) Row(w, Uuid(c.CaseId), Text(c.UnitId), At(at));
                if (c is { FormerUnitId: { } former, FormerAcknowledgedAt: { } formerAt }) Row(w, Uuid(c.CaseId), Text(former), At(formerAt));
            }, ct),
            CopyAsync("disputes", "case_id, report_id, at", cases, (w, c) =>
            {
                if (c.DisputedAt is { } at) Row(w, Uuid(c.CaseId), Uuid(c.ReportId), At(at));
            }, ct),
            CopyAsync("escalations", "case_id, from_unit_id, to_unit_id, at", cases, (w, c) =>
            {
                if (c is { EscalatedTo: { } to, EscalatedAt: { } at }) Row(w, Uuid(c.CaseId), Text(c.UnitId), Text(to), At(at));
            }, ct),
            CopyAsync("missed_deadlines", "case_id, unit_id, deadline, due_at, at", cases, (w, c) =>
            {
                foreach (var (deadline, dueAt, at) in c.Missed(asOf))
                {
                    Row(w, Uuid(c.CaseId), Text(c.UnitId), Text(deadline), At(dueAt), At(at));
                }
            }, ct),
            CopyAsync("rectification_items", "item_id, tour_id, finding_id, responsible_unit_id, deadline, opened_at, verified_at, state, state_at",
                rectifications, (w, r) =>
                    Row(w, Uuid(r.ItemId), Uuid(r.TourId), Uuid(r.FindingId), Text(r.UnitId), (r.Deadline, NpgsqlDbType.Date), At(r.OpenedAt),
                        At(r.VerifiedAt), Text(r.VerifiedAt is null ? "open" : "verified"), At(r.VerifiedAt ?? r.OpenedAt)), ct));
        // The log: the bulletin reads only how many events it holds, so each row carries the case's id and moment, not a whole event.
        await CopyAsync("event_log", "message_id, event_type, occurred_at, payload", cases, (w, c) =>
        {
            var events = c.Events(asOf);
            for (var i = 0; i < events; i++)
            {
                Row(w, Uuid(MessageId(c.CaseId, i)), Text("Supervision.Benchmarks.GeneratedEvent"), At(c.OpenedAt),
                    ($$"""{"caseId":"{{c.CaseId}}","reportId":"{{c.ReportId}}","unitId":"{{c.UnitId}}","at":"{{c.OpenedAt:O}}","sequence":{{i}}}""",
                        NpgsqlDbType.Jsonb));
            }
        }, ct);
        progress.WriteLine("bench: vacuum analyze");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var vacuum = new NpgsqlCommand("vacuum analyze", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync(ct);
    }

    private async Task CopyAsync<T>(string table, string columns, IEnumerable<T> source, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var importer = await connection.BeginBinaryImportAsync($"copy {table} ({columns}) from stdin (format binary)", ct))
        {
            importer.Timeout = TimeSpan.Zero;
            foreach (var item in source)
            {
                write(importer, item);
            }
            var rows = await importer.CompleteAsync(ct);
            progress.WriteLine($"bench: {table}: {rows:N0} rows in {clock.Elapsed.TotalSeconds:F0} s");
        }
    }

    private const NpgsqlDbType Smallint = NpgsqlDbType.Smallint;

    /// <summary>One row of values, each with its column's type; a null value is written as NULL.</summary>
    private static void Row(NpgsqlBinaryImporter w, params (object? Value, NpgsqlDbType Type)[] values)
    {
        w.StartRow();
        foreach (var (value, type) in values)
        {
            switch (value)
            {
                case null: w.WriteNull(); break;
                case Guid v: w.Write(v, type); break;
                case string v: w.Write(v, type); break;
                case DateTime v: w.Write(v, type); break;
                case bool v: w.Write(v, type); break;
                case short v: w.Write(v, type); break;
                case int v: w.Write(v, type); break;
                case DateOnly v: w.Write(v, type); break;
                default: throw new ArgumentException($"No column type for {value.GetType()}.");
            }
        }
    }

    private static (object?, NpgsqlDbType) Uuid(Guid value) => (value, NpgsqlDbType.Uuid);

    private static (object?, NpgsqlDbType) Text(string? value) => (value, NpgsqlDbType.Text);

    private static (object?, NpgsqlDbType) Boolean(bool value) => (value, NpgsqlDbType.Boolean);

    private static (object?, NpgsqlDbType) At(DateTime? value) => (value, NpgsqlDbType.TimestampTz);

    /// <summary>A message id per case and event, distinct across the data set.</summary>
    private static Guid MessageId(Guid caseId, int sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        caseId.TryWriteBytes(bytes);
        bytes[15] ^= (byte)(sequence * 37 + 1);
        bytes[14] ^= (byte)(sequence + 1);
        return new Guid(bytes);
    }
}
