using Dapper;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Intake.Data;

/// <summary>
/// Follow-up by receipt code: what the reporter reads (state, timeline, messages) and what the reporter
/// adds (supplements, the answer to the result). Each change commits its event with it.
/// </summary>
public sealed class FollowUpStore(NpgsqlDataSource dataSource, Outbox outbox)
{
    public Task<ReportRecord?> FindByReceiptAsync(byte[] receiptHash, CancellationToken ct) =>
        ReportSql.FindReportAsync(dataSource, "receipt_hash = @receiptHash", new { receiptHash }, ct);

    /// <summary>
    /// State, timeline and unread count as of one moment: routing's events change them while the reporter
    /// looks, and a state read apart from its timeline could contradict it.
    /// </summary>
    public async Task<ReportProgress> GetProgressAsync(Guid reportId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var state = await connection.ExecuteScalarAsync<short>(new CommandDefinition(
            "select state from reports where id = @reportId", new { reportId }, transaction, cancellationToken: ct));
        var timeline = (await connection.QueryAsync<TimelineRecord>(new CommandDefinition(
            ReportSql.TimelineQuery, new { reportId }, transaction, cancellationToken: ct))).ToList();
        var unread = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from report_messages where report_id = @reportId and not from_reporter and read_by_reporter_at is null",
            new { reportId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new ReportProgress(state, timeline, unread);
    }

    /// <summary>The report's messages as the reporter reads them: staff messages count as read from now on.</summary>
    public async Task<IReadOnlyList<MessageRecord>> ReadMessagesAsync(Guid reportId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var messages = await ReportSql.GetMessagesAsync(connection, reportId, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "update report_messages set read_by_reporter_at = now() where report_id = @reportId and not from_reporter and read_by_reporter_at is null",
            new { reportId }, cancellationToken: ct));
        return messages;
    }

    public async Task<MessageRecord> AddSupplementAsync(Guid reportId, string text, DateTimeOffset at, PublicStep step, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var message = new MessageRecord(Guid.CreateVersion7(), at.UtcDateTime, true, "", text);
        await ReportSql.InsertMessageAsync(connection, transaction, reportId, message, null, ct);
        await ReportSql.AddTimelineAsync(connection, transaction, reportId, at, step, ct);
        await outbox.EnqueueAsync(connection, transaction, new ReportSupplemented
        {
            ReportId = reportId, MessageId = message.Id, Length = text.Length, At = at,
        }, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return message;
    }

    /// <summary>
    /// The reporter's answer to the result, decided on the report's state as locked here: <paramref name="answer"/>
    /// gives what the answer leads to from the current state and whether the report was answered already (or throws,
    /// and nothing is written). The answer goes to routing through the outbox, at once or, when pending, once the
    /// feedback reaches intake. Returns the report's state after the answer.
    /// </summary>
    public async Task<ReportState> RecordResponseAsync(Guid reportId, bool accepted, string comment, DateTimeOffset at,
        Func<ReportState, bool, Domain.ResultAnswer> answer, PublicStep step, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (current, answered) = await connection.QuerySingleAsync<(short State, bool Answered)>(new CommandDefinition(
            "select state, pending_answer_accepted is not null from reports where id = @reportId for update",
            new { reportId }, transaction, cancellationToken: ct));
        var (state, pending) = answer((ReportState)current, answered);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update reports set state = @state,
                pending_answer_accepted = case when @pending then @accepted end, pending_answer_at = case when @pending then @at end
            where id = @reportId
            """, new { state = (short)state, pending, accepted, at = at.UtcDateTime, reportId }, transaction, cancellationToken: ct));
        if (comment.Length > 0)
        {
            await ReportSql.InsertMessageAsync(connection, transaction, reportId,
                new MessageRecord(Guid.CreateVersion7(), at.UtcDateTime, true, "", comment), null, ct);
        }
        await ReportSql.AddTimelineAsync(connection, transaction, reportId, at, step, ct);
        if (!pending)
        {
            await outbox.EnqueueAsync(connection, transaction, new ReporterRespondedToResult { ReportId = reportId, Accepted = accepted, At = at }, ct);
        }
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return state;
    }

    /// <summary>Sends routing the pending answers of these reports, each once, in the caller's transaction.</summary>
    public async Task<int> SendPendingAnswersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds,
        CancellationToken ct)
    {
        var answers = (await connection.QueryAsync<(Guid ReportId, bool Accepted, DateTime At)>(new CommandDefinition(
            """
            update reports r set pending_answer_accepted = null, pending_answer_at = null
            from (select id, pending_answer_accepted, pending_answer_at from reports
                  where id = any(@ids) and pending_answer_accepted is not null for update) answered
            where r.id = answered.id
            returning answered.id, answered.pending_answer_accepted, answered.pending_answer_at
            """, new { ids = reportIds.Distinct().ToArray() }, transaction, cancellationToken: ct))).ToList();
        foreach (var (reportId, accepted, at) in answers)
        {
            await outbox.EnqueueAsync(connection, transaction, new ReporterRespondedToResult
            {
                ReportId = reportId, Accepted = accepted, At = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            }, ct);
        }
        return answers.Count;
    }
}
