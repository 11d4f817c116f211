using System.Reflection;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.DirectoryReplication;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.ServiceDefaults;

/// <summary>What a service tells the template about itself; everything else is the same for every service.</summary>
public sealed record SupervisionServiceOptions
{
    /// <summary>The service's resource name (<see cref="ResourceNames"/>); it prefixes every queue the service binds.</summary>
    public required string Name { get; init; }

    /// <summary>The connection name of the service's own database.</summary>
    public required string Database { get; init; }

    /// <summary>The service's assembly: its embedded <c>Data/Migrations/*.sql</c>.</summary>
    public required Assembly Assembly { get; init; }

    /// <summary>The messages the service consumes (one queue each, named by the service).</summary>
    public Action<ServiceConsumers>? Consumers { get; init; }

    /// <summary>
    /// True for the directory's owner (routing), which records changes itself; every other service
    /// receives <c>DirectoryChanged</c> into its replica.
    /// </summary>
    public bool OwnsDirectory { get; init; }

    /// <summary>The service's own words for people (its <c>Localization/*.resx</c>), checked complete at startup.</summary>
    public Wording? Words { get; init; }
}

public static class SupervisionService
{
    /// <summary>
    /// The shape every Supervision service shares: service defaults (telemetry, health, discovery), JWT
    /// auth, gRPC with the error interceptor, health and reflection, its own database with migrations,
    /// messaging (outbox, relay, inbox consumers on queues named by the service), the Redis cache and the
    /// city directory kept current from the service's replica. The service's own Extensions add only what
    /// belongs to it.
    /// </summary>
    public static IHostApplicationBuilder AddSupervisionService(this IHostApplicationBuilder builder, SupervisionServiceOptions service)
    {
        builder.AddServiceDefaults();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddRequestLanguage();
        VerifyWording(builder, service);
        builder.AddSupervisionAuth();
        builder.AddSupervisionGrpc();
        builder.AddServiceDatabase(service.Database, service.Assembly);
        builder.AddServiceMessaging(service.Name, consumers => RegisterConsumers(service, consumers));
        builder.Services.Configure<DurableTimerOptions>(builder.Configuration.GetSection(DurableTimerOptions.Section));
        builder.Services.AddSingleton<DurableTimerWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DurableTimerWorker>());

        var redis = builder.Configuration.GetConnectionString(ResourceNames.Cache)
                    ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Cache}' is missing.");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis + ",abortConnect=false"));

        var cityData = builder.Configuration["Directory:DataPath"];
        if (string.IsNullOrWhiteSpace(cityData))
        {
            throw new InvalidOperationException("Directory:DataPath must name the city's reference data file.");
        }
        builder.Services.AddSingleton(CityDirectory.Load(cityData));
        builder.Services.AddSingleton<DirectoryReplica>();
        builder.Services.AddHostedService<DirectorySync>();
        return builder;
    }

    /// <summary>
    /// The queues the service binds, named exactly as its bus names them: through each consumer's
    /// registered definition. Two services must never share one (each would get only part of the events).
    /// </summary>
    public static IReadOnlyList<string> QueuesOf(SupervisionServiceOptions service)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ConsumingService(service.Name));
        IReadOnlyList<Type> consumerTypes = [];
        services.AddMassTransit(bus =>
        {
            var consumers = new ServiceConsumers(bus);
            RegisterConsumers(service, consumers);
            consumerTypes = consumers.Types;
        });
        using var provider = services.BuildServiceProvider();
        return consumerTypes
            .Select(type => (IConsumerDefinition)provider.GetRequiredService(typeof(IConsumerDefinition<>).MakeGenericType(type)))
            .Select(definition => definition.GetEndpointName(KebabCaseEndpointNameFormatter.Instance))
            .ToList();
    }

    /// <summary>Every word exists in every language the service answers in, with the same placeholders.</summary>
    private static void VerifyWording(IHostApplicationBuilder builder, SupervisionServiceOptions service)
    {
        var options = new LanguageOptions();
        builder.Configuration.GetSection(LanguageOptions.Section).Bind(options);
        var cultures = RequestLanguage.Cultures(options);
        PlatformTexts.Words.Verify(cultures);
        service.Words?.Verify(cultures);
    }

    private static void RegisterConsumers(SupervisionServiceOptions service, ServiceConsumers consumers)
    {
        if (!service.OwnsDirectory)
        {
            consumers.Add<DirectoryChangedConsumer>();
        }
        service.Consumers?.Invoke(consumers);
    }

    /// <summary>
    /// The pipeline and endpoints every service serves besides its own API: the caller's language, authentication, /health and
    /// /alive, grpc.health.v1, reflection and the operators' failed-message replay.
    /// </summary>
    public static WebApplication MapSupervisionService(this WebApplication app)
    {
        app.UseRequestLanguage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        return app;
    }
}
