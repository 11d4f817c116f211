using Dapper;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Data;

/// <summary>
/// Submission: a report, its tracking number and first timeline entry and its ReportReceived event in one
/// transaction of three round trips; an idempotency key answers a retry with the report it already made.
/// </summary>
public sealed class SubmissionStore(NpgsqlDataSource dataSource, Outbox outbox)
{
    public Task<ReportRecord?> FindByIdempotencyKeyAsync(byte[] keyHash, CancellationToken ct) =>
        ReportSql.FindReportAsync(dataSource, "idempotency_key_hash = @keyHash", new { keyHash }, ct);

    /// <summary>
    /// Inserts the report, its first timeline entry and its ReportReceived event in one transaction of two statements and
    /// its commit (three round trips); <paramref name="describe"/> builds both from the tracking number and whether an
    /// election period covers the report. Returns null, with nothing stored, when the idempotency key was already taken
    /// (by an earlier or a concurrent submission): the caller answers with the report that key made.
    /// </summary>
    public async Task<(string TrackingNumber, bool ElectionPeriod)?> InsertAsync(NewReport report, IReadOnlyList<string> divisionAncestry,
        Func<string, bool, (ReportReceived Event, PublicStep Step)> describe, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Counted per division and year: a city-wide count would tell every reporter the city's volume. The
        // counter row stays locked until commit, so numbers of one division follow each other without gaps
        // (a submission whose key was taken rolls its number back).
        var year = report.ReceivedAt.UtcDateTime.Year;
        var opening = await connection.QuerySingleAsync<Opening>(new CommandDefinition(
            """
            with counter as (
                insert into tracking_number_counters as c (division_code, year, last_number) values (@division, @year, 1)
                on conflict (division_code, year) do update set last_number = c.last_number + 1
                returning last_number)
            select (select last_number from counter) as Number,
                exists(select 1 from election_periods where division_code = any(@divisions) and starts_at <= @at and ends_at > @at) as ElectionPeriod
            """, new { division = report.ReceivingDivisionCode, year, divisions = divisionAncestry.ToArray(), at = report.ReceivedAt.UtcDateTime },
            transaction, cancellationToken: ct));
        var trackingNumber = TrackingNumber(report.ReceivingDivisionCode, year, opening.Number);

        // The report, its first timeline entry and its event in one statement: the entry and the event are written only
        // with the report, and a taken key writes none of them.
        var (received, step) = describe(trackingNumber, opening.ElectionPeriod);
        var @event = Outbox.Row(received);
        var inserted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            with report as (
                insert into reports (id, tracking_number, receipt_hash, channel, category, state, real_name, election_related,
                    election_period, receiving_division_code, occurred_at, occurred_place, account, subjects,
                    preferred_feedback_channel, identity_sealed, submitted_by, received_at, idempotency_key_hash, request_hash, receipt_sealed, tour_id)
                values (@Id, @trackingNumber, @ReceiptHash, @Channel, @Category, 1, @RealName, @ElectionRelated,
                    @electionPeriod, @ReceivingDivisionCode, @OccurredAt, @OccurredPlace, @Account, @Subjects::jsonb,
                    @PreferredFeedbackChannel, @IdentitySealed, @SubmittedBy, @receivedAt, @IdempotencyKeyHash, @RequestHash, @ReceiptSealed, @TourId)
                on conflict (idempotency_key_hash) do nothing
                returning id),
            timeline as (
                insert into report_timeline (report_id, at, kind, description, wording_key, wording_args)
                select id, @receivedAt, @stepKind, @stepDescription, @stepWordingKey, @stepWordingArgs::jsonb from report),
            event as (
                insert into outbox_messages (id, message_type, payload)
                select @eventId, @eventType, @eventPayload::jsonb from report)
            select count(*) from report
            """,
            new
            {
                report.Id, trackingNumber, report.ReceiptHash, report.Channel, report.Category, report.RealName, report.ElectionRelated,
                electionPeriod = opening.ElectionPeriod, report.ReceivingDivisionCode, OccurredAt = report.OccurredAt?.UtcDateTime, report.OccurredPlace,
                report.Account, report.Subjects, report.PreferredFeedbackChannel, report.IdentitySealed, report.SubmittedBy,
                receivedAt = report.ReceivedAt.UtcDateTime, report.IdempotencyKeyHash, report.RequestHash, report.ReceiptSealed, report.TourId,
                stepKind = step.Kind, stepDescription = step.Description, stepWordingKey = step.WordingKey, stepWordingArgs = step.WordingArgs,
                eventId = @event.Id, eventType = @event.MessageType, eventPayload = @event.Payload,
            }, transaction, cancellationToken: ct));
        if (inserted == 0)
        {
            return null;
        }

        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return (trackingNumber, opening.ElectionPeriod);
    }

    private sealed record Opening(long Number, bool ElectionPeriod);

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
