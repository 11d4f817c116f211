using Dapper;
using Npgsql;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Platform;

namespace Supervision.Intake.Data;

/// <summary>All SQL of the intake service. Each method that changes state commits its events with it.</summary>
public sealed class ReportStore(NpgsqlDataSource dataSource, Outbox outbox)
{
    private const string ReportColumns = """
        id as Id, tracking_number as TrackingNumber, channel as Channel, category as Category, state as State,
        real_name as RealName, election_related as ElectionRelated, election_period as ElectionPeriod,
        receiving_division_code as ReceivingDivisionCode, occurred_at as OccurredAt, occurred_place as OccurredPlace,
        account as Account, subjects::text as Subjects, preferred_feedback_channel as PreferredFeedbackChannel,
        received_at as ReceivedAt, request_hash as RequestHash, receipt_sealed as ReceiptSealed
        """;

    // By the time each step happened: routing's events may arrive out of order.
    private const string TimelineQuery =
        "select at as At, kind as Kind, description as Description from report_timeline where report_id = @reportId order by at, id";

    public async Task<ReportRecord?> FindByIdempotencyKeyAsync(byte[] keyHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ReportRecord>(new CommandDefinition(
            $"select {ReportColumns} from reports where idempotency_key_hash = @keyHash", new { keyHash }, cancellationToken: ct));
    }

    public async Task<ReportRecord?> FindByReceiptAsync(byte[] receiptHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ReportRecord>(new CommandDefinition(
            $"select {ReportColumns} from reports where receipt_hash = @receiptHash", new { receiptHash }, cancellationToken: ct));
    }

    public async Task<ReportRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ReportRecord>(new CommandDefinition(
            $"select {ReportColumns} from reports where id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Inserts the report, its first timeline entry and its ReportReceived event in one transaction.
    /// Returns null when the idempotency key was taken by a concurrent submission.
    /// </summary>
    public async Task<(string TrackingNumber, bool ElectionPeriod)?> InsertAsync(NewReport report, IReadOnlyList<string> divisionAncestry,
        Func<string, bool, ReportReceived> describe, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var sequence = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select nextval('report_tracking_numbers')", transaction: transaction, cancellationToken: ct));
        var trackingNumber = $"{report.ReceivingDivisionCode}-{report.ReceivedAt.UtcDateTime:yyyy}-{sequence:D6}";
        var electionPeriod = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists(select 1 from election_periods where division_code = any(@divisions) and starts_at <= @at and ends_at > @at)",
            new { divisions = divisionAncestry.ToArray(), at = report.ReceivedAt.UtcDateTime }, transaction, cancellationToken: ct));

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into reports (id, tracking_number, receipt_hash, channel, category, state, real_name, election_related,
                election_period, receiving_division_code, occurred_at, occurred_place, account, subjects,
                preferred_feedback_channel, identity_sealed, submitted_by, received_at, idempotency_key_hash, request_hash, receipt_sealed)
            values (@Id, @trackingNumber, @ReceiptHash, @Channel, @Category, 1, @RealName, @ElectionRelated,
                @electionPeriod, @ReceivingDivisionCode, @OccurredAt, @OccurredPlace, @Account, @Subjects::jsonb,
                @PreferredFeedbackChannel, @IdentitySealed, @SubmittedBy, @receivedAt, @IdempotencyKeyHash, @RequestHash, @ReceiptSealed)
            on conflict (idempotency_key_hash) do nothing
            """,
            new
            {
                report.Id, trackingNumber, report.ReceiptHash, report.Channel, report.Category, report.RealName, report.ElectionRelated,
                electionPeriod, report.ReceivingDivisionCode, OccurredAt = report.OccurredAt?.UtcDateTime, report.OccurredPlace,
                report.Account, report.Subjects, report.PreferredFeedbackChannel, report.IdentitySealed, report.SubmittedBy,
                receivedAt = report.ReceivedAt.UtcDateTime, report.IdempotencyKeyHash, report.RequestHash, report.ReceiptSealed,
            }, transaction, cancellationToken: ct));
        if (inserted == 0)
        {
            return null;
        }

        await AddTimelineAsync(connection, transaction, report.Id, report.ReceivedAt, "received",
            electionPeriod || report.ElectionRelated
                ? "Report received by the intake centre; election-related reports are handled on the election clock"
                : "Report received by the intake centre", ct);
        await outbox.EnqueueAsync(connection, transaction, describe(trackingNumber, electionPeriod), ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return (trackingNumber, electionPeriod);
    }

    public async Task<MessageRecord> AddSupplementAsync(Guid reportId, string text, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var message = new MessageRecord(Guid.CreateVersion7(), at.UtcDateTime, true, "", text);
        await InsertMessageAsync(connection, transaction, reportId, message, null, ct);
        await AddTimelineAsync(connection, transaction, reportId, at, "supplemented", "The reporter added information", ct);
        await outbox.EnqueueAsync(connection, transaction, new ReportSupplemented
        {
            ReportId = reportId, MessageId = message.Id, Length = text.Length, At = at,
        }, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return message;
    }

    public async Task<MessageRecord> AddStaffMessageAsync(Guid reportId, string body, string role, string subject, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var message = new MessageRecord(Guid.CreateVersion7(), at.UtcDateTime, false, role, body);
        await InsertMessageAsync(connection, transaction, reportId, message, subject, ct);
        await AddTimelineAsync(connection, transaction, reportId, at, "message", "A message from the handling staff", ct);
        await transaction.CommitAsync(ct);
        return message;
    }

    public async Task<IReadOnlyList<TimelineRecord>> GetTimelineAsync(Guid reportId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TimelineRecord>(new CommandDefinition(TimelineQuery, new { reportId }, cancellationToken: ct))).ToList();
    }

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
            TimelineQuery, new { reportId }, transaction, cancellationToken: ct))).ToList();
        var unread = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from report_messages where report_id = @reportId and not from_reporter and read_by_reporter_at is null",
            new { reportId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new ReportProgress(state, timeline, unread);
    }

    public async Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(Guid reportId, bool markReadByReporter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var messages = (await connection.QueryAsync<MessageRecord>(new CommandDefinition(
            """
            select id as Id, at as At, from_reporter as FromReporter, author_role as AuthorRole, body as Body
            from report_messages where report_id = @reportId order by at, id
            """, new { reportId }, cancellationToken: ct))).ToList();
        if (markReadByReporter)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update report_messages set read_by_reporter_at = now() where report_id = @reportId and not from_reporter and read_by_reporter_at is null",
                new { reportId }, cancellationToken: ct));
        }
        return messages;
    }

    public async Task<IReadOnlyList<ReportRecord>> ListAsync(ReportFilter filter, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder($"select {ReportColumns} from reports where receiving_division_code = any(@divisions)");
        if (filter.Channel is not null) sql.Append(" and channel = @channel");
        if (filter.Category is not null) sql.Append(" and category = @category");
        if (filter.From is not null) sql.Append(" and received_at >= @from");
        if (filter.To is not null) sql.Append(" and received_at < @to");
        if (filter.ElectionRelated == true) sql.Append(" and (election_related or election_period)");
        if (filter.ElectionRelated == false) sql.Append(" and not (election_related or election_period)");
        if (filter.After is not null) sql.Append(" and (received_at, id) < (@afterAt, @afterId)");
        sql.Append(" order by received_at desc, id desc limit @limit");

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ReportRecord>(new CommandDefinition(sql.ToString(), new
        {
            divisions = filter.Divisions.ToArray(),
            channel = filter.Channel,
            category = filter.Category,
            from = filter.From?.UtcDateTime,
            to = filter.To?.UtcDateTime,
            afterAt = filter.After?.ReceivedAt,
            afterId = filter.After?.Id,
            limit = filter.Limit,
        }, cancellationToken: ct))).ToList();
    }

    /// <summary>Reads the sealed identity and writes the audit row in one transaction: no reveal without its record.</summary>
    public async Task<(byte[]? Sealed, Guid AuditId)?> RecordRevealAsync(Guid reportId, string revealedBy, string role,
        string callerDivision, string reason, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, byte[]? Sealed)>(new CommandDefinition(
            "select id, identity_sealed from reports where id = @reportId", new { reportId }, transaction, cancellationToken: ct));
        if (row.Id == Guid.Empty)
        {
            return null;
        }
        if (row.Sealed is null)
        {
            return (null, Guid.Empty);
        }
        var auditId = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into identity_reveals (id, report_id, revealed_by, role, caller_division_code, reason, at)
            values (@auditId, @reportId, @revealedBy, @role, @callerDivision, @reason, @at)
            """, new { auditId, reportId, revealedBy, role, callerDivision, reason, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (row.Sealed, auditId);
    }

    public async Task<IReadOnlyList<RevealRecord>> ListRevealsAsync(IReadOnlyList<string> divisions, Guid? reportId,
        (DateTime At, Guid Id)? after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<RevealRecord>(new CommandDefinition(
            """
            select v.id as Id, v.report_id as ReportId, v.revealed_by as RevealedBy, v.role as Role,
                   v.caller_division_code as CallerDivisionCode, v.reason as Reason, v.at as At
            from identity_reveals v join reports r on r.id = v.report_id
            where r.receiving_division_code = any(@divisions)
              and (@reportId::uuid is null or v.report_id = @reportId)
              and (@afterAt::timestamptz is null or (v.at, v.id) < (@afterAt, @afterId))
            order by v.at desc, v.id desc limit @limit
            """, new { divisions = divisions.ToArray(), reportId, afterAt = after?.At, afterId = after?.Id, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Forgets sealed receipt codes older than the replay window: after it, retries get no code back.</summary>
    public async Task<int> ForgetOldReceiptsAsync(TimeSpan window, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update reports set receipt_sealed = null where receipt_sealed is not null and received_at < now() - @window",
            new { window }, cancellationToken: ct));
    }

    public async Task<ElectionPeriodRecord> AddElectionPeriodAsync(ElectionPeriodRecord period, string createdBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into election_periods (id, division_code, starts_at, ends_at, description, created_by, created_at)
            values (@Id, @DivisionCode, @StartsAt, @EndsAt, @Description, @createdBy, now())
            """, new { period.Id, period.DivisionCode, period.StartsAt, period.EndsAt, period.Description, createdBy }, cancellationToken: ct));
        return period;
    }

    public async Task<IReadOnlyList<ElectionPeriodRecord>> ListElectionPeriodsAsync(IReadOnlyList<string> divisions, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ElectionPeriodRecord>(new CommandDefinition(
            """
            select id as Id, division_code as DivisionCode, starts_at as StartsAt, ends_at as EndsAt, description as Description
            from election_periods where division_code = any(@divisions) order by starts_at desc
            """, new { divisions = divisions.ToArray() }, cancellationToken: ct))).ToList();
    }

    public async Task<ElectionPeriodRecord?> FindElectionPeriodAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ElectionPeriodRecord>(new CommandDefinition(
            """
            select id as Id, division_code as DivisionCode, starts_at as StartsAt, ends_at as EndsAt, description as Description
            from election_periods where id = @id
            """, new { id }, cancellationToken: ct));
    }

    public async Task DeleteElectionPeriodAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("delete from election_periods where id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Records a step of routing's case on each report it names, inside the caller's (inbox) transaction:
    /// a timeline entry, and the state moved forward to <paramref name="advanceTo"/> but never back.
    /// Returns how many of the named reports intake holds.
    /// </summary>
    public async Task<int> RecordCaseProgressAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<Guid> reportIds, CaseProgress progress, CancellationToken ct)
    {
        var ids = reportIds.Distinct().ToArray();
        if (progress.AdvanceTo is { } state)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update reports set state = @state where id = any(@ids) and state < @state",
                new { state = (short)state, ids }, transaction, cancellationToken: ct));
        }
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_timeline (report_id, at, kind, description)
            select id, @at, @kind, @description from reports where id = any(@ids)
            """, new { ids, at = progress.At.UtcDateTime, kind = progress.Kind, description = progress.Description },
            transaction, cancellationToken: ct));
    }

    /// <summary>
    /// A supplementary investigation: reports that had the result (or disputed it) are under
    /// investigation again. The one step back the case lifecycle allows.
    /// </summary>
    public async Task<int> ReopenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds,
        DateTimeOffset at, CancellationToken ct)
    {
        var ids = reportIds.Distinct().ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "update reports set state = @investigating where id = any(@ids) and state in (@feedback, @disputed)",
            new { ids, investigating = (short)ReportState.UnderInvestigation, feedback = (short)ReportState.FeedbackGiven, disputed = (short)ReportState.Disputed },
            transaction, cancellationToken: ct));
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_timeline (report_id, at, kind, description)
            select id, @at, 'reopened', 'A supplementary investigation was opened' from reports where id = any(@ids)
            """, new { ids, at = at.UtcDateTime }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// The reporter's answer to the result: a dispute moves the report to DISPUTED at once; an
    /// acceptance waits for routing to close the case. The answer goes to routing through the outbox.
    /// </summary>
    public async Task<(bool Recorded, short State)> RecordResponseAsync(Guid reportId, bool accepted, string comment, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var state = await connection.ExecuteScalarAsync<short>(new CommandDefinition(
            "select state from reports where id = @reportId for update", new { reportId }, transaction, cancellationToken: ct));
        if (state != (short)ReportState.FeedbackGiven)
        {
            return (false, state);
        }
        if (!accepted)
        {
            state = (short)ReportState.Disputed;
            await connection.ExecuteAsync(new CommandDefinition("update reports set state = @state where id = @reportId",
                new { state, reportId }, transaction, cancellationToken: ct));
        }
        if (comment.Length > 0)
        {
            await InsertMessageAsync(connection, transaction, reportId, new MessageRecord(Guid.CreateVersion7(), at.UtcDateTime, true, "", comment), null, ct);
        }
        await AddTimelineAsync(connection, transaction, reportId, at, accepted ? "accepted" : "disputed",
            accepted ? "The reporter accepted the result" : "The reporter disputed the result", ct);
        await outbox.EnqueueAsync(connection, transaction, new ReporterRespondedToResult { ReportId = reportId, Accepted = accepted, At = at }, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return (true, state);
    }

    /// <summary>
    /// Delivers a handler's question to the reporter as a staff message, inside the caller's (inbox)
    /// transaction. The question id is the message id, so a question published twice shows once.
    /// Returns false when intake does not hold the report or already has the question.
    /// </summary>
    public async Task<bool> AddQuestionToReporterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid reportId, Guid questionId, string question, DateTimeOffset at, CancellationToken ct)
    {
        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_messages (id, report_id, at, from_reporter, author_role, body)
            select @questionId, id, @at, false, @role, @question from reports where id = @reportId
            on conflict (id) do nothing
            """, new { questionId, reportId, at = at.UtcDateTime, role = Roles.Handler, question }, transaction, cancellationToken: ct)) == 1;
        if (added)
        {
            await AddTimelineAsync(connection, transaction, reportId, at, "message", "A message from the handling staff", ct);
        }
        return added;
    }

    private static Task AddTimelineAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId, DateTimeOffset at,
        string kind, string description, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "insert into report_timeline (report_id, at, kind, description) values (@reportId, @at, @kind, @description)",
            new { reportId, at = at.UtcDateTime, kind, description }, transaction, cancellationToken: ct));

    private static Task InsertMessageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId,
        MessageRecord message, string? authorSubject, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_messages (id, report_id, at, from_reporter, author_role, author_subject, body)
            values (@Id, @reportId, @At, @FromReporter, @AuthorRole, @authorSubject, @Body)
            """, new { message.Id, reportId, message.At, message.FromReporter, message.AuthorRole, authorSubject, message.Body },
            transaction, cancellationToken: ct));
}

/// <summary>A public step of a case: its timeline entry and, when it moves the report on, the state it reaches.</summary>
public sealed record CaseProgress(string Kind, string Description, DateTimeOffset At, ReportState? AdvanceTo = null);

/// <summary>A validated report ready to be stored; identity and receipt are already sealed.</summary>
public sealed record NewReport
{
    public required Guid Id { get; init; }
    public required byte[] ReceiptHash { get; init; }
    public required short Channel { get; init; }
    public required short Category { get; init; }
    public required bool RealName { get; init; }
    public required bool ElectionRelated { get; init; }
    public required string ReceivingDivisionCode { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public required string OccurredPlace { get; init; }
    public required string Account { get; init; }
    public required string Subjects { get; init; }
    public required short PreferredFeedbackChannel { get; init; }
    public byte[]? IdentitySealed { get; init; }
    public string? SubmittedBy { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public byte[]? IdempotencyKeyHash { get; init; }
    public byte[]? RequestHash { get; init; }
    public byte[]? ReceiptSealed { get; init; }
}
