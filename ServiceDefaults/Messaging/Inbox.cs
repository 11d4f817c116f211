using Dapper;
using MassTransit;
using Npgsql;

namespace Supervision.ServiceDefaults.Messaging;

/// <summary>
/// A consumer whose work commits together with a row in the inbox table: a message delivered twice,
/// or to two instances at once, is handled once. The second delivery waits on the first's row lock
/// and then finds it handled. It takes one of the instance's handler turns (<see cref="HandlerTurns"/>) before its
/// connection, and gives it back after the commit.
/// </summary>
public abstract class InboxConsumer<T>(NpgsqlDataSource dataSource) : IConsumer<T> where T : class
{
    /// <summary>The name under which handled messages are recorded; defaults to the consumer's type name.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without MessageId cannot be deduplicated.");
        var services = context.TryGetPayload<IServiceProvider>(out var provider) ? provider : null;
        using var turn = services?.GetService(typeof(HandlerTurns)) is HandlerTurns turns ? await turns.TakeAsync(context.CancellationToken) : null;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var first = await connection.ExecuteAsync(new CommandDefinition(
            "insert into inbox_messages (consumer, message_id) values (@consumer, @messageId) on conflict do nothing",
            new { consumer = ConsumerName, messageId }, transaction, cancellationToken: context.CancellationToken)) == 1;
        if (!first)
        {
            return;
        }
        await HandleAsync(context, connection, transaction);
        await transaction.CommitAsync(context.CancellationToken);
        // Events the handler wrote leave now rather than at the relay's next poll.
        (services?.GetService(typeof(OutboxSignal)) as OutboxSignal)?.Notify();
        Committed(context);
    }

    /// <summary>Runs after the handler's work committed (a handler's attempt that rolled back never gets here).</summary>
    protected virtual void Committed(ConsumeContext<T> context)
    {
    }

    /// <summary>Does the work inside the inbox transaction; write state and outbox events through it.</summary>
    protected abstract Task HandleAsync(ConsumeContext<T> context, NpgsqlConnection connection, NpgsqlTransaction transaction);
}
