using Dapper;
using Npgsql;
using Supervision.Intake.V1;

namespace Supervision.Intake.Data;

/// <summary>
/// Case progress: what routing's case events change on the reports they name, always inside the consuming
/// (inbox) transaction, so an event delivered twice changes them once.
/// </summary>
public sealed class CaseProgressStore
{
    /// <summary>
    /// Records a step of routing's case on each report it names: a timeline entry, and the state moved as
    /// <see cref="CaseProgress.State"/> says. Returns how many of the named reports intake holds.
    /// </summary>
    public async Task<int> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<Guid> reportIds, CaseProgress progress, CancellationToken ct)
    {
        var ids = reportIds.Distinct().ToArray();
        if (progress.State is { From: null } forward)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update reports set state = @state where id = any(@ids) and state < @state",
                new { state = (short)forward.To, ids }, transaction, cancellationToken: ct));
        }
        else if (progress.State is { From: { } from } back)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update reports set state = @state where id = any(@ids) and state = any(@from)",
                new { state = (short)back.To, ids, from = from.Select(s => (short)s).ToArray() }, transaction, cancellationToken: ct));
        }
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_timeline (report_id, at, kind, description, wording_key, wording_args)
            select id, @at, @Kind, @Description, @WordingKey, @WordingArgs::jsonb from reports where id = any(@ids)
            """, new { ids, at = progress.At.UtcDateTime, progress.Step.Kind, progress.Step.Description, progress.Step.WordingKey, progress.Step.WordingArgs },
            transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Delivers a handler's question to the reporter as a staff message. The question id is the message id,
    /// so a question published twice shows once. Returns false when intake does not hold the report or
    /// already has the question.
    /// </summary>
    public async Task<bool> AddQuestionToReporterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid reportId, Guid questionId, string question, string role, DateTimeOffset at, PublicStep step, CancellationToken ct)
    {
        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into report_messages (id, report_id, at, from_reporter, author_role, body)
            select @questionId, id, @at, false, @role, @question from reports where id = @reportId
            on conflict (id) do nothing
            """, new { questionId, reportId, at = at.UtcDateTime, role, question }, transaction, cancellationToken: ct)) == 1;
        if (added)
        {
            await ReportSql.AddTimelineAsync(connection, transaction, reportId, at, step, ct);
        }
        return added;
    }
}
