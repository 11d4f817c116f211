using Dapper;
using Npgsql;

namespace Supervision.Intake.Data;

/// <summary>Staff administration: reports in a jurisdiction, their timeline and messages.</summary>
public sealed class AdministrationStore(NpgsqlDataSource dataSource)
{
    public Task<ReportRecord?> FindAsync(Guid id, CancellationToken ct) =>
        ReportSql.FindReportAsync(dataSource, "id = @id", new { id }, ct);

    public async Task<IReadOnlyList<ReportRecord>> ListAsync(ReportFilter filter, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder($"select {ReportSql.ReportColumns} from reports where receiving_division_code = any(@divisions)");
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

    public async Task<IReadOnlyList<TimelineRecord>> GetTimelineAsync(Guid reportId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TimelineRecord>(new CommandDefinition(ReportSql.TimelineQuery, new { reportId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The report's messages as staff read them: the reporter's unread count stays as it is.</summary>
    public async Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(Guid reportId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ReportSql.GetMessagesAsync(connection, reportId, ct);
    }

    public async Task<MessageRecord> AddStaffMessageAsync(Guid reportId, string body, string role, string subject, DateTimeOffset at,
        PublicStep step, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var message = new MessageRecord(Guid.CreateVersion7(), at.UtcDateTime, false, role, body);
        await ReportSql.InsertMessageAsync(connection, transaction, reportId, message, subject, ct);
        await ReportSql.AddTimelineAsync(connection, transaction, reportId, at, step, ct);
        await transaction.CommitAsync(ct);
        return message;
    }
}
