using MassTransit;
using Microsoft.Extensions.Options;
using Supervision.Reference;

namespace Supervision.ServiceDefaults.Messaging;

/// <summary>The consuming service: every queue it binds carries its name (<c>intake-case-opened</c>).</summary>
public sealed record ConsumingService(string Name)
{
    /// <summary>The queue of <typeparamref name="TConsumer"/> in this service.</summary>
    public string QueueOf<TConsumer>() where TConsumer : class, IConsumer =>
        $"{Name}-{KebabCaseEndpointNameFormatter.Instance.Consumer<TConsumer>()}";
}

/// <summary>What a service consumes: each consumer gets its own queue, named by the service, and the one retry policy.</summary>
public sealed class ServiceConsumers(IBusRegistrationConfigurator bus)
{
    private readonly List<Type> _types = [];

    public IReadOnlyList<Type> Types => _types;

    public ServiceConsumers Add<TConsumer>() where TConsumer : class, IConsumer
    {
        bus.AddConsumer<TConsumer, ServiceConsumerDefinition<TConsumer>>();
        _types.Add(typeof(TConsumer));
        return this;
    }
}

/// <summary>
/// The definition of every consumer. The queue is named after the service as well as the consumer: a
/// queue is one competing-consumer group, so two services consuming the same event each need their own.
/// Retries cover what passes by itself (the database restarting, a deadlock, an event that arrived before
/// the one it follows); each attempt rolls back with its inbox row, so a retry starts clean. What still
/// fails goes to the error queue, from which operators replay it. How many messages the queue's consumer holds and
/// handles at once per instance is set, not left to the library's default (<see cref="MessagingOptions"/>).
/// </summary>
public sealed class ServiceConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public static readonly TimeSpan[] RetryIntervals =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    private readonly QueueLimits _limits;

    public ServiceConsumerDefinition(ConsumingService service, IOptions<MessagingOptions> options)
    {
        var queue = service.QueueOf<TConsumer>();
        EndpointName = queue;
        _limits = options.Value.For(queue);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _limits.PrefetchCount!.Value;
        endpointConfigurator.ConcurrentMessageLimit = _limits.ConcurrentMessageLimit!.Value;
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<DomainRuleException>();
            retry.Intervals(RetryIntervals);
        });
    }
}

/// <summary>
/// How many messages each of a service's queues holds unacknowledged (<see cref="PrefetchCount"/>) and handles at once
/// (<see cref="ConcurrentMessageLimit"/>), per instance: configuration section <c>Messaging</c>, one queue's own under
/// <c>Messaging:Queues:&lt;queue&gt;</c> (<c>Messaging:Queues:routing-report-received:ConcurrentMessageLimit</c>). Each
/// message in hand holds a pooled connection (20 per instance) for its transaction, so the busy queues of an instance
/// together stay well below the pool, which its gRPC calls and relays share. The defaults are what MassTransit chose on
/// two cores before they were set.
/// </summary>
public sealed class MessagingOptions
{
    public int PrefetchCount { get; set; } = 4;

    public int ConcurrentMessageLimit { get; set; } = 4;

    public Dictionary<string, QueueLimits> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The queue's limits: its own where set, else the service's; a queue always prefetches what it may handle at once.</summary>
    public QueueLimits For(string queue)
    {
        var own = Queues.GetValueOrDefault(queue);
        var concurrency = own?.ConcurrentMessageLimit ?? ConcurrentMessageLimit;
        return new QueueLimits
        {
            ConcurrentMessageLimit = concurrency,
            PrefetchCount = Math.Max(own?.PrefetchCount ?? PrefetchCount, concurrency),
        };
    }

    /// <summary>
    /// How many handlers of all the service's queues together may hold a transaction at once, per instance; the others wait
    /// for a turn before they take a connection, so a burst on many queues cannot drain the pool.
    /// </summary>
    public int MaxConcurrentHandlers { get; set; } = 12;

    public bool Valid => PrefetchCount >= 1 && ConcurrentMessageLimit >= 1 && MaxConcurrentHandlers >= 1
                         && Queues.Values.All(q => q.PrefetchCount is null or >= 1 && q.ConcurrentMessageLimit is null or >= 1);
}

/// <summary>The turns <see cref="MessagingOptions.MaxConcurrentHandlers"/> gives out, one instance's queues sharing them.</summary>
public sealed class HandlerTurns(IOptions<MessagingOptions> options)
{
    private readonly SemaphoreSlim _turns = new(options.Value.MaxConcurrentHandlers, options.Value.MaxConcurrentHandlers);

    /// <summary>Waits for a turn; disposing the result gives it back.</summary>
    public async Task<IDisposable> TakeAsync(CancellationToken ct)
    {
        await _turns.WaitAsync(ct);
        return new Turn(_turns);
    }

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _returned;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                turns.Release();
            }
        }
    }
}

/// <summary>One queue's limits; an unset one is the service's.</summary>
public sealed class QueueLimits
{
    public int? PrefetchCount { get; set; }

    public int? ConcurrentMessageLimit { get; set; }
}
