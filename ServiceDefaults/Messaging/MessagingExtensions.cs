using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Platform;

namespace Supervision.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (quorum queues, publisher confirms, queues named by the consuming service)
    /// with the transactional outbox relay. <paramref name="consumers"/> lists the service's consumers.
    /// </summary>
    public static TBuilder AddServiceMessaging<TBuilder>(this TBuilder builder, string serviceName, Action<ServiceConsumers>? consumers = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Messaging}' is missing.");

        builder.Services.AddOptions<MessagingOptions>().BindConfiguration("Messaging")
            .Validate(options => options.Valid, "Messaging: PrefetchCount, ConcurrentMessageLimit and MaxConcurrentHandlers must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HandlerTurns>();

        var receiveQueues = new ReceiveQueues();
        builder.Services.AddSingleton(receiveQueues);
        builder.Services.AddSingleton(new ConsumingService(serviceName));
        builder.Services.AddSingleton<ErrorQueueReplayer>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConfigureEndpointsCallback((_, name, endpoint) =>
            {
                receiveQueues.Add(name);
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            consumers?.Invoke(new ServiceConsumers(bus));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.ConfigureEndpoints(context);
            });
        });
        // The bus starts one instance of the service at a time, and the service does not wait for it: it must start, and
        // accept reports into its outbox, while the broker is down.
        builder.Services.RemoveMassTransitHostedService();
        builder.Services.AddOptions<BusStartOptions>().BindConfiguration("Messaging:Start");
        builder.Services.AddSingleton(BrokerAddress.From(new Uri(connectionString)));
        builder.Services.AddSingleton<BusStarter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BusStarter>());

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }
}
