using Npgsql;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>An action named a case that does not exist; the gRPC edge answers NOT_FOUND.</summary>
public sealed class CaseNotFoundException(Guid caseId) : Exception($"No case has the id {caseId}.");

/// <summary>
/// The lead unit's conclusion lacks what it must carry: a public summary (whoever investigates, announces), or
/// accountability measures for a substantiated outcome. The gRPC edge answers INVALID_ARGUMENT on <see cref="Field"/>.
/// </summary>
public sealed class ConclusionIncompleteException(string field, Phrase rule) : Exception(rule.In(Phrase.English))
{
    public Phrase Rule => rule;

    public string Field { get; } = field;
}

/// <summary>
/// Joint handling named a unit that already has a part in the case (the lead or a co-unit). The gRPC edge
/// answers INVALID_ARGUMENT on the request's co_unit_ids[<see cref="Index"/>].
/// </summary>
public sealed class UnitAlreadyInCaseException(int index, Phrase rule) : Exception(rule.In(Phrase.English))
{
    public Phrase Rule => rule;

    public int Index => index;
}

/// <summary>How every action on a case starts: the case's row lock first, so two handlers cannot both act on it.</summary>
internal static class CaseLocks
{
    public static async Task<CaseHead> LockAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken ct) =>
        await CaseStore.LockAsync(transaction, caseId, ct) ?? throw new CaseNotFoundException(caseId);

    /// <summary>The unit's part in the case; refused if it has none.</summary>
    public static async Task<TaskRow> TaskOfAsync(NpgsqlTransaction transaction, Guid caseId, string unitId, CaseWording wording, CancellationToken ct) =>
        await CaseStore.TaskAsync(transaction, caseId, unitId, ct) ?? throw wording.NoPart(unitId);

    public static Task EnqueueAsync<T>(this Outbox outbox, NpgsqlTransaction transaction, T message, CancellationToken ct) where T : class =>
        outbox.EnqueueAsync(transaction.Connection!, transaction, message, ct);
}
