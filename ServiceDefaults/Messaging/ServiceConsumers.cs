using MassTransit;
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
/// fails goes to the error queue, from which operators replay it.
/// </summary>
public sealed class ServiceConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public static readonly TimeSpan[] RetryIntervals =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    public ServiceConsumerDefinition(ConsumingService service)
    {
        EndpointName = service.QueueOf<TConsumer>();
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<DomainRuleException>();
            retry.Intervals(RetryIntervals);
        });
    }
}
