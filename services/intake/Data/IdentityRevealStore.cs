using Dapper;
using Npgsql;

namespace Supervision.Intake.Data;

/// <summary>
/// Reporter identity reveals: the requests and their decisions, and the audit of every step. Each step commits
/// its audit row in the transaction that takes it: no step without its record.
/// </summary>
public sealed class IdentityRevealStore(NpgsqlDataSource dataSource)
{
    private const string RequestColumns = """
        q.id as Id, q.report_id as ReportId, q.state as State, q.requested_by as RequestedBy, q.requester_role as RequesterRole,
        q.requester_division_code as RequesterDivisionCode, q.reason as Reason, q.requested_at as RequestedAt,
        q.decided_by as DecidedBy, q.decision_reason as DecisionReason, q.decided_at as DecidedAt, q.revealed_at as RevealedAt,
        r.receiving_division_code as ReceivingDivisionCode
        """;

    /// <summary>
    /// Reads the sealed identity and writes the audit row in one transaction (a reveal without a request).
    /// Null when the report is gone; a null identity (and no audit row) when the report has none.
    /// </summary>
    public async Task<(byte[]? Sealed, Guid AuditId)?> RecordRevealAsync(Guid reportId, RevealAudit audit, CancellationToken ct)
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
        var auditId = await AuditAsync(connection, transaction, reportId, null, audit, ct);
        await transaction.CommitAsync(ct);
        return (row.Sealed, auditId);
    }

    /// <summary>Stores a new request with its "requested" audit row.</summary>
    public async Task CreateRequestAsync(RevealRequestRecord request, RevealAudit audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into identity_reveal_requests (id, report_id, state, requested_by, requester_role, requester_division_code, reason, requested_at)
            values (@Id, @ReportId, @State, @RequestedBy, @RequesterRole, @RequesterDivisionCode, @Reason, @RequestedAt)
            """, request, transaction, cancellationToken: ct));
        await AuditAsync(connection, transaction, request.ReportId, request.Id, audit, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<RevealRequestRecord?> FindRequestAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RevealRequestRecord>(new CommandDefinition(
            $"select {RequestColumns} from identity_reveal_requests q join reports r on r.id = q.report_id where q.id = @id",
            new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Takes a step on a request as locked here: <paramref name="step"/> gives the request after it (or throws, and
    /// nothing is written) and <paramref name="audit"/> its audit row. Returns the request after the step, its audit id and, when <paramref name="withIdentity"/>,
    /// the report's sealed identity.
    /// </summary>
    public async Task<(RevealRequestRecord Request, Guid AuditId, byte[]? Sealed)?> StepAsync(Guid id,
        Func<RevealRequestRecord, RevealRequestRecord> step, Func<RevealRequestRecord, RevealAudit> audit, bool withIdentity, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<RevealRequestRecord>(new CommandDefinition(
            $"select {RequestColumns} from identity_reveal_requests q join reports r on r.id = q.report_id where q.id = @id for update of q",
            new { id }, transaction, cancellationToken: ct));
        if (current is null)
        {
            return null;
        }
        var next = step(current);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update identity_reveal_requests set state = @State, decided_by = @DecidedBy, decision_reason = @DecisionReason,
                decided_at = @DecidedAt, revealed_at = @RevealedAt
            where id = @Id
            """, next, transaction, cancellationToken: ct));
        var sealedIdentity = withIdentity
            ? await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
                "select identity_sealed from reports where id = @ReportId", next, transaction, cancellationToken: ct))
            : null;
        var auditId = await AuditAsync(connection, transaction, next.ReportId, next.Id, audit(next), ct);
        await transaction.CommitAsync(ct);
        return (next, auditId, sealedIdentity);
    }

    /// <summary>Requests on reports of <paramref name="divisions"/>, newest first, optionally in one stored state.</summary>
    public async Task<IReadOnlyList<RevealRequestRecord>> ListRequestsAsync(IReadOnlyList<string> divisions, RevealRequestFilter filter,
        (DateTime At, Guid Id)? after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<RevealRequestRecord>(new CommandDefinition(
            $"""
            select {RequestColumns} from identity_reveal_requests q join reports r on r.id = q.report_id
            where r.receiving_division_code = any(@divisions)
              and (@state::smallint is null or q.state = @state)
              and (@decidedFrom::timestamptz is null or q.decided_at >= @decidedFrom)
              and (@decidedBefore::timestamptz is null or q.decided_at < @decidedBefore)
              and (@afterAt::timestamptz is null or (q.requested_at, q.id) < (@afterAt, @afterId))
            order by q.requested_at desc, q.id desc limit @limit
            """, new
            {
                divisions = divisions.ToArray(), state = filter.State, decidedFrom = filter.DecidedFrom, decidedBefore = filter.DecidedBefore,
                afterAt = after?.At, afterId = after?.Id, limit,
            }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<RevealRecord>> ListAuditAsync(IReadOnlyList<string> divisions, Guid? reportId,
        (DateTime At, Guid Id)? after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<RevealRecord>(new CommandDefinition(
            """
            select v.id as Id, v.report_id as ReportId, v.actor as RevealedBy, v.role as Role,
                   v.caller_division_code as CallerDivisionCode, v.reason as Reason, v.at as At, v.action as Action, v.request_id as RequestId
            from identity_reveals v join reports r on r.id = v.report_id
            where r.receiving_division_code = any(@divisions)
              and (@reportId::uuid is null or v.report_id = @reportId)
              and (@afterAt::timestamptz is null or (v.at, v.id) < (@afterAt, @afterId))
            order by v.at desc, v.id desc limit @limit
            """, new { divisions = divisions.ToArray(), reportId, afterAt = after?.At, afterId = after?.Id, limit }, cancellationToken: ct))).ToList();
    }

    private static async Task<Guid> AuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid reportId, Guid? requestId,
        RevealAudit audit, CancellationToken ct)
    {
        var auditId = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into identity_reveals (id, report_id, request_id, action, actor, role, caller_division_code, reason, at)
            values (@auditId, @reportId, @requestId, @action, @actor, @role, @division, @reason, @at)
            """, new
            {
                auditId, reportId, requestId, action = audit.Action, actor = audit.Actor, role = audit.Role, division = audit.CallerDivisionCode,
                reason = audit.Reason, at = audit.At.UtcDateTime,
            }, transaction, cancellationToken: ct));
        return auditId;
    }
}
