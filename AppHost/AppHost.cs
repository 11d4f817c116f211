using Supervision.AppHost;
using Supervision.AppHost.LocalServers;
using Supervision.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var settings = PlatformSettings.From(builder.Configuration, repositoryRoot);
var ports = settings.Ports;
Directory.CreateDirectory(settings.DataDirectory!);

// Infrastructure: Aspire's containers where an engine answers, otherwise the Debian packages' servers.
IResourceBuilder<IResourceWithConnectionString> intakeDb, messaging, cache;
IResourceBuilder<IResource> database;
if (settings.UseContainers())
{
    var password = builder.AddParameter("postgres-password", settings.Development.PostgresPassword, secret: true);
    var postgres = builder.AddPostgres(ResourceNames.Postgres, password: password, port: ports.Postgres).WithDataVolume("supervision-postgres");
    database = postgres;
    intakeDb = postgres.AddDatabase(ResourceNames.IntakeDatabase, "intake");
    messaging = builder.AddRabbitMQ(ResourceNames.Messaging, port: ports.RabbitMq).WithDataVolume("supervision-rabbitmq");
    cache = builder.AddRedis(ResourceNames.Cache, port: ports.Redis).WithDataVolume("supervision-redis");
}
else
{
    var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, settings.DataDirectory!, ports.Postgres, settings.Development.PostgresPassword);
    database = postgres;
    // Each service's database lives on the one server; the service creates it on first start.
    intakeDb = builder.AddConnectionString(ResourceNames.IntakeDatabase,
        ReferenceExpression.Create($"{postgres.Resource.ConnectionStringExpression};Database=intake"));
    messaging = builder.AddLocalRabbitMq(ResourceNames.Messaging, settings.DataDirectory!, ports.RabbitMq, ports.RabbitMqDistribution, ports.Epmd);
    cache = builder.AddLocalRedis(ResourceNames.Cache, settings.DataDirectory!, ports.Redis);
}

// Services.
var intake = builder.AddProject<Projects.Supervision_Intake>(ResourceNames.Intake)
    .WithEndpoint("http", e => e.Port = ports.IntakeHttp)
    .WithEndpoint(ResourceNames.GrpcEndpoint, e => e.Port = ports.IntakeGrpc)
    .WithReplicas(settings.IntakeReplicas)
    .WithReference(intakeDb).WaitFor(database)
    .WithReference(messaging).WaitFor((IResourceBuilder<IResource>)messaging)
    .WithReference(cache).WaitFor((IResourceBuilder<IResource>)cache)
    .WithEnvironment("Auth__SigningKey", settings.Development.SigningKey)
    .WithEnvironment("Intake__IdentityKeys__1", settings.Development.IdentityKey)
    .WithEnvironment("Directory__DataPath", Path.Combine(repositoryRoot, "data", "demo-city", "jining.json"))
    .WithHttpHealthCheck("/health", endpointName: "http");

foreach (var (name, value) in settings.ServiceEnvironment)
{
    intake.WithEnvironment(name, value);
}

builder.Build().Run();
