using Dapper;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Data;

/// <summary>
/// Submission: a report, its tracking number and first timeline entry and its ReportReceived event in one
/// transaction; an idempotency key answers a retry with the report it already made.
/// </summary>
public sealed class SubmissionStore(NpgsqlDataSource dataSource, Outbox outbox)
{
    public Task<ReportRecord?> FindByIdempotencyKeyAsync(byte[] keyHash, CancellationToken ct) =>
        ReportSql.FindReportAsync(dataSource, "idempotency_key_hash = @keyHash", new { keyHash }, ct);

    /// <summary>
    /// Inserts the report, its first timeline entry and its ReportReceived event in one transaction;
    /// <paramref name="describe"/> builds both from the tracking number and whether an election period covers the report.
    /// Returns null when the idempotency key was taken by a concurrent submission.
    /// </summary>
    public async Task<(string TrackingNumber, bool ElectionPeriod)?> InsertAsync(NewReport report, IReadOnlyList<string> divisionAncestry,
        Func<string, bool, (ReportReceived Event, PublicStep Step)> describe, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Counted per division and year: a city-wide count would tell every reporter the city's volume. The
        // counter row stays locked until commit, so numbers of one division follow each other without gaps.
        var year = report.ReceivedAt.UtcDateTime.Year;
        var number = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into tracking_number_counters as c (division_code, year, last_number) values (@division, @year, 1)
            on conflict (division_code, year) do update set last_number = c.last_number + 1
            returning last_number
            """, new { division = report.ReceivingDivisionCode, year }, transaction, cancellationToken: ct));
        var trackingNumber = TrackingNumber(report.ReceivingDivisionCode, year, number);
        var electionPeriod = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists(select 1 from election_periods where division_code = any(@divisions) and starts_at <= @at and ends_at > @at)",
            new { divisions = divisionAncestry.ToArray(), at = report.ReceivedAt.UtcDateTime }, transaction, cancellationToken: ct));

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into reports (id, tracking_number, receipt_hash, channel, category, state, real_name, election_related,
                election_period, receiving_division_code, occurred_at, occurred_place, account, subjects,
                preferred_feedback_channel, identity_sealed, submitted_by, received_at, idempotency_key_hash, request_hash, receipt_sealed, tour_id)
            values (@Id, @trackingNumber, @ReceiptHash, @Channel, @Category, 1, @RealName, @ElectionRelated,
                @electionPeriod, @ReceivingDivisionCode, @OccurredAt, @OccurredPlace, @Account, @Subjects::jsonb,
                @PreferredFeedbackChannel, @IdentitySealed, @SubmittedBy, @receivedAt, @IdempotencyKeyHash, @RequestHash, @ReceiptSealed, @TourId)
            on conflict (idempotency_key_hash) do nothing
            """,
            new
            {
                report.Id, trackingNumber, report.ReceiptHash, report.Channel, report.Category, report.RealName, report.ElectionRelated,
                electionPeriod, report.ReceivingDivisionCode, OccurredAt = report.OccurredAt?.UtcDateTime, report.OccurredPlace,
                report.Account, report.Subjects, report.PreferredFeedbackChannel, report.IdentitySealed, report.SubmittedBy,
                receivedAt = report.ReceivedAt.UtcDateTime, report.IdempotencyKeyHash, report.RequestHash, report.ReceiptSealed, report.TourId,
            }, transaction, cancellationToken: ct));
        if (inserted == 0)
        {
            return null;
        }

        var (received, step) = describe(trackingNumber, electionPeriod);
        await ReportSql.AddTimelineAsync(connection, transaction, report.Id, report.ReceivedAt, step, ct);
        await outbox.EnqueueAsync(connection, transaction, received, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return (trackingNumber, electionPeriod);
    }

    public static string TrackingNumber(string divisionCode, int year, long number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{divisionCode}-{year:D4}-{number:D6}");

    /// <summary>Forgets sealed receipt codes older than the replay window: after it, retries get no code back.</summary>
    public async Task<int> ForgetOldReceiptsAsync(TimeSpan window, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update reports set receipt_sealed = null where receipt_sealed is not null and received_at < now() - @window",
            new { window }, cancellationToken: ct));
    }
}
