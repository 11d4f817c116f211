using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.AppHost.LocalServers;
using Supervision.AppHost;
using Supervision.Platform;

var builder = DistributedApplication.CreateBuilder(args);
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var settings = PlatformSettings.From(builder.Configuration, repositoryRoot);
var ports = settings.Ports;
Directory.CreateDirectory(settings.DataDirectory!);

// Infrastructure: Aspire's containers where an engine answers, otherwise the Debian packages' servers.
IResourceBuilder<IResourceWithConnectionString> intakeDb, routingDb, inspectionDb, evaluationDb, reportingDb, messaging, cache;
IResourceBuilder<IResource> database;
string? postgresDataNote = null;
if (settings.UseContainers())
{
    var password = builder.AddParameter("postgres-password", settings.Development.PostgresPassword, secret: true);
    var postgres = builder.AddPostgres(ResourceNames.Postgres, password: password, port: ports.Postgres).WithDataVolume("supervision-postgres");
    database = postgres;
    intakeDb = postgres.AddDatabase(ResourceNames.IntakeDatabase, "intake");
    routingDb = postgres.AddDatabase(ResourceNames.RoutingDatabase, "routing");
    inspectionDb = postgres.AddDatabase(ResourceNames.InspectionDatabase, "inspection");
    evaluationDb = postgres.AddDatabase(ResourceNames.EvaluationDatabase, "evaluation");
    reportingDb = postgres.AddDatabase(ResourceNames.ReportingDatabase, "reporting");
    messaging = builder.AddRabbitMQ(ResourceNames.Messaging, port: ports.RabbitMq).WithDataVolume("supervision-rabbitmq");
    cache = builder.AddRedis(ResourceNames.Cache, port: ports.Redis).WithDataVolume("supervision-redis");
}
else
{
    var postgresData = PostgresDataLocation.Choose(settings.DataDirectory!);
    postgresDataNote = postgresData.Reason is null ? null : $"{postgresData.Path}   ({postgresData.Reason})";
    var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, settings.DataDirectory!, postgresData.Path, ports.Postgres,
        settings.Development.PostgresPassword);
    database = postgres;
    // Each service's database lives on the one server; the service creates it on first start.
    intakeDb = builder.AddConnectionString(ResourceNames.IntakeDatabase,
        ReferenceExpression.Create($"{postgres.Resource.ConnectionStringExpression};Database=intake"));
    routingDb = builder.AddConnectionString(ResourceNames.RoutingDatabase,
        ReferenceExpression.Create($"{postgres.Resource.ConnectionStringExpression};Database=routing"));
    inspectionDb = builder.AddConnectionString(ResourceNames.InspectionDatabase,
        ReferenceExpression.Create($"{postgres.Resource.ConnectionStringExpression};Database=inspection"));
    evaluationDb = builder.AddConnectionString(ResourceNames.EvaluationDatabase,
        ReferenceExpression.Create($"{postgres.Resource.ConnectionStringExpression};Database=evaluation"));
    reportingDb = builder.AddConnectionString(ResourceNames.ReportingDatabase,
        ReferenceExpression.Create($"{postgres.Resource.ConnectionStringExpression};Database=reporting"));
    messaging = builder.AddLocalRabbitMq(ResourceNames.Messaging, settings.DataDirectory!, ports.RabbitMq, ports.RabbitMqDistribution, ports.Epmd);
    cache = builder.AddLocalRedis(ResourceNames.Cache, settings.DataDirectory!, ports.Redis);
}

// Services: each owns its database, shares the broker and the cache, runs as several instances.
var shared = new SharedResources(database, messaging, cache, settings, Path.Combine(repositoryRoot, "data", "demo-city", "jining.json"));

var intake = builder.AddService<Projects.Supervision_Intake>(shared, ResourceNames.Intake, intakeDb, ports.IntakeHttp, ports.IntakeGrpc, settings.IntakeReplicas)
    .WithEnvironment("Intake__IdentityKeys__1", settings.Development.IdentityKey);

builder.AddService<Projects.Supervision_Routing>(shared, ResourceNames.Routing, routingDb, ports.RoutingHttp, ports.RoutingGrpc, settings.RoutingReplicas)
    .WithEnvironment("Routing__RulesPath", Path.Combine(repositoryRoot, "data", "routing", "rules.json"));

builder.AddService<Projects.Supervision_Inspection>(shared, ResourceNames.Inspection, inspectionDb, ports.InspectionHttp, ports.InspectionGrpc,
        settings.InspectionReplicas)
    .WithEnvironment("Inspection__DataPath", Path.Combine(repositoryRoot, "data", "inspection"))
    .WithEnvironment("Inspection__SealingKeys__1", settings.Development.IdentityKey)
    .WithReference(intake);
builder.AddService<Projects.Supervision_Evaluation>(shared, ResourceNames.Evaluation, evaluationDb, ports.EvaluationHttp, ports.EvaluationGrpc,
        settings.EvaluationReplicas)
    .WithEnvironment("Evaluation__RulesPath", Path.Combine(repositoryRoot, "data", "evaluation", "panel.json"))
    .WithEnvironment("Evaluation__ScoringRulesPath", Path.Combine(repositoryRoot, "data", "evaluation", "scoring.json"))
    .WithEnvironment("Evaluation__SealingKeys__1", settings.Development.IdentityKey)
    .WithReference(intake);
builder.AddService<Projects.Supervision_Reporting>(shared, ResourceNames.Reporting, reportingDb, ports.ReportingHttp, ports.ReportingGrpc, settings.ReportingReplicas)
    .WithEnvironment("Reporting__CalendarDirectory", Path.Combine(repositoryRoot, "data", "reporting"))
    .WithEnvironment("Reporting__CredibilityDemoPath", Path.Combine(repositoryRoot, "data", "demo-city", "jining-credibility.json"))
    .WithEnvironment("Reporting__Hearings__SealingKeys__1", settings.Development.IdentityKey)
    .WithReference(intake);

// run.sh marks every process of one run, so that it can wait for all of them to stop (and find leftovers).
if (Environment.GetEnvironmentVariable(PlatformBanner.RunIdVariable) is { Length: > 0 } runId)
{
    foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>())
    {
        resource.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables[PlatformBanner.RunIdVariable] = runId));
    }
}

builder.Services.AddSingleton(settings);
// First of the hosted services, so that it watches while the orchestrator starts the resources (which can block).
builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PlatformWatcher>());
PlatformBanner.Print(settings, postgresDataNote);
builder.Build().Run();
return PlatformWatcher.ExitCode;
