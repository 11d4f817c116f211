using Dapper;
using Npgsql;

namespace Supervision.Intake.Data;

/// <summary>The report columns and the timeline and message writes every phase of a report shares.</summary>
internal static class ReportSql
{
    public const string ReportColumns = """
        id as Id, tracking_number as TrackingNumber, channel as Channel, category as Category, state as State,
        real_name as RealName, election_related as ElectionRelated, election_period as ElectionPeriod,
        receiving_division_code as ReceivingDivisionCode, occurred_at as OccurredAt, occurred_place as OccurredPlace,
        account as Account, subjects::text as Subjects, preferred_feedback_channel as PreferredFeedbackChannel,
        received_at as ReceivedAt, request_hash as RequestHash, receipt_sealed as ReceiptSealed
        """;

    // By the time each step happened: routing's events may arrive out of order.
    public const string TimelineQuery =
        """
        select at as At, kind as Kind, description as Description, wording_key as WordingKey, wording_args::text as WordingArgs
        from report_timeline where report_id = @reportId order by at, id
        """;

    public const string MessagesQuery = """
        select id as Id, at as At, from_reporter as FromReporter, author_role as AuthorRole, body as Body
        from report_messages where report_id = @reportId order by at, id
        """;

    public static async Task<ReportRecord?> FindReportAsync(NpgsqlDataSource dataSource, string where, object parameters, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ReportRecord>(new CommandDefinition(
            $"select {ReportColumns} from reports where {where}", parameters, cancellationToken: ct));
    }

    public static async Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(NpgsqlConnection connection, Guid reportId, CancellationToken ct) =>
        (await connection.QueryAsync<MessageRecord>(new CommandDefinition(MessagesQuery, new { reportId }, cancellationToken: ct))).ToList();

    public static Task AddTimelineAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId, DateTimeOffset at,
        PublicStep step, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_timeline (report_id, at, kind, description, wording_key, wording_args)
            values (@reportId, @at, @Kind, @Description, @WordingKey, @WordingArgs::jsonb)
            """, new { reportId, at = at.UtcDateTime, step.Kind, step.Description, step.WordingKey, step.WordingArgs },
            transaction, cancellationToken: ct));

    public static Task InsertMessageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId,
        MessageRecord message, string? authorSubject, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_messages (id, report_id, at, from_reporter, author_role, author_subject, body)
            values (@Id, @reportId, @At, @FromReporter, @AuthorRole, @authorSubject, @Body)
            """, new { message.Id, reportId, message.At, message.FromReporter, message.AuthorRole, authorSubject, message.Body },
            transaction, cancellationToken: ct));
}
