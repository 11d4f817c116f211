using MassTransit;
using Npgsql;
using Supervision.ServiceDefaults;

namespace Supervision.Intake.Consumers;

/// <summary>
/// Endpoint and retry policy of every intake consumer. The queue is named after the service as well as
/// the consumer: a queue is one competing-consumer group, and routing may well consume the same event
/// under the same consumer name. Retries cover what passes by itself (the database restarting, a
/// deadlock); each attempt rolls back with its inbox row, so a retry starts clean.
/// </summary>
public sealed class IntakeConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public IntakeConsumerDefinition()
    {
        EndpointName = $"{ResourceNames.Intake}-{KebabCaseEndpointNameFormatter.Instance.Consumer<TConsumer>()}";
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<NpgsqlException>(exception => exception.IsTransient);
            retry.Intervals(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        });
    }
}
