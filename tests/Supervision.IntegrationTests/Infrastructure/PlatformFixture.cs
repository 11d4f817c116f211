using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Supervision.Evaluation.V1;
using Supervision.Intake.V1;
using Supervision.Reporting.V1;
using Supervision.Routing.V1;
using Supervision.Inspection.V1;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

[assembly: AssemblyFixture(typeof(Supervision.IntegrationTests.Infrastructure.PlatformFixture))]
// Some scenarios stop the broker or restart intake: scenarios run one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>
/// The whole platform, started once for the test assembly from the real AppHost: PostgreSQL, RabbitMQ
/// and Redis (containers where a container engine answers, otherwise the local server binaries),
/// two intake replicas, and a probe consumer on the same broker and database server.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    // Test-only keys, handed to the AppHost so the tests can mint tokens.
    public const string SigningKey = PlatformArguments.SigningKey;

    /// <summary>
    /// Added to every fixed port, so several checkouts can run their tests on one machine at once
    /// (SUPERVISION_TEST_PORT_OFFSET, default 0).
    /// </summary>
    public static int PortOffset { get; } = ReadPortOffset();

    /// <summary>Routing's limit on public notice listings per caller address and minute, as the platform under test runs it.</summary>
    public const int PublicNoticeListingsPerMinute = 20;

    /// <summary>
    /// Intake's admission control as the platform under test runs it: submissions each instance works on at once, and as
    /// many may wait (for a minute, so a slow machine refuses nothing the other tests send). See AdmissionTests.
    /// </summary>
    public const int AdmittedSubmissions = 3;

    private readonly ConcurrentQueue<string> _logs = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, byte> _watchedResources = new();
    private readonly ConcurrentDictionary<string, string> _resourceNames = new();
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "supervision-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public DistributedApplication App { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public ReportIntake.ReportIntakeClient Public { get; private set; } = null!;
    public ReportAdministration.ReportAdministrationClient Staff { get; private set; } = null!;
    public GrpcChannel RoutingChannel { get; private set; } = null!;
    public CaseHandling.CaseHandlingClient Cases { get; private set; } = null!;
    public global::Supervision.Routing.V1.Directory.DirectoryClient Directory { get; private set; } = null!;
    public GrpcChannel InspectionChannel { get; private set; } = null!;
    public InspectorPool.InspectorPoolClient Inspectors { get; private set; } = null!;
    public TourPlanning.TourPlanningClient Planning { get; private set; } = null!;
    public TourWork.TourWorkClient Work { get; private set; } = null!;
    public global::Supervision.Inspection.V1.Rectification.RectificationClient Rectification { get; private set; } = null!;
    public PublicInspection.PublicInspectionClient PublicInspection { get; private set; } = null!;
    public TourRecords.TourRecordsClient Records { get; private set; } = null!;
    public TourCaseload.TourCaseloadClient Caseload { get; private set; } = null!;
    public GrpcChannel ReportingChannel { get; private set; } = null!;
    public ReportingFigures.ReportingFiguresClient Figures { get; private set; } = null!;
    public ReportingOperations.ReportingOperationsClient ReportingOperations { get; private set; } = null!;
    public PublicBulletins.PublicBulletinsClient PublicBulletins { get; private set; } = null!;
    public HeadInterviews.HeadInterviewsClient Interviews { get; private set; } = null!;
    public PublicHearings.PublicHearingsClient PublicHearings { get; private set; } = null!;
    public HearingRequests.HearingRequestsClient HearingRequests { get; private set; } = null!;
    public SupervisionLedger.SupervisionLedgerClient Ledger { get; private set; } = null!;
    public Selection.SelectionClient Selection { get; private set; } = null!;
    public PublicOpenness.PublicOpennessClient PublicOpenness { get; private set; } = null!;
    public Commitments.CommitmentsClient Commitments { get; private set; } = null!;

    public EarlyWarnings.EarlyWarningsClient Warnings { get; private set; } = null!;
    public Credibility.CredibilityClient Credibility { get; private set; } = null!;
    public PublicCredibility.PublicCredibilityClient PublicCredibility { get; private set; } = null!;
    public ProbeConsumerHost Probe { get; private set; } = null!;
    public string IntakeDatabase { get; private set; } = "";
    public string RoutingDatabase { get; private set; } = "";
    public string ReportingDatabase { get; private set; } = "";
    public GrpcChannel EvaluationChannel { get; private set; } = null!;
    public Panel.PanelClient Panel { get; private set; } = null!;
    public Draws.DrawsClient Draws { get; private set; } = null!;
    public PublicDraws.PublicDrawsClient PublicDraws { get; private set; } = null!;
    public Scoring.ScoringClient Scoring { get; private set; } = null!;
    public LiveRanking.LiveRankingClient LiveRanking { get; private set; } = null!;
    public Visits.VisitsClient Visits { get; private set; } = null!;
    public AnnualAssessments.AnnualAssessmentsClient AnnualAssessments { get; private set; } = null!;
    public WorkSupervisors.WorkSupervisorsClient WorkSupervisors { get; private set; } = null!;
    public Referrals.ReferralsClient Referrals { get; private set; } = null!;
    public TargetedEvaluations.TargetedEvaluationsClient TargetedEvaluations { get; private set; } = null!;
    public string EvaluationDatabase { get; private set; } = "";
    public string Cache { get; private set; } = "";
    public string Mode { get; private set; } = "";

    /// <summary>Console output of every resource so far (services and servers).</summary>
    public IEnumerable<string> Logs => _logs;

    public async ValueTask InitializeAsync()
    {
        // 5 minutes to start everything; on a machine shared with other engineers' builds, SUPERVISION_TEST_START_MINUTES gives more.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(
            int.TryParse(Environment.GetEnvironmentVariable("SUPERVISION_TEST_START_MINUTES"), out var minutes) && minutes > 0 ? minutes : 5));
        try
        {
            await StartPlatformAsync(timeout);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            // Say which resource did not come up and what it printed, so a failed start can be read from the test log.
            var lines = new List<string> { "The platform did not start in time. Resources not healthy:" };
            foreach (var (id, latest) in _latest.Where(r => r.Value.Snapshot.HealthStatus != HealthStatus.Healthy).OrderBy(r => r.Key))
            {
                lines.Add($"- {latest.Resource.Name} ({id}): state {latest.Snapshot.State?.Text ?? "none"}, exit code {latest.Snapshot.ExitCode?.ToString() ?? "none"}");
                lines.AddRange(_logs.Where(l => l.StartsWith($"[{id}] ", StringComparison.Ordinal)).TakeLast(25).Select(l => "    " + l));
            }
            throw new TimeoutException(string.Join("\n", lines), e);
        }
    }

    private async Task StartPlatformAsync(CancellationTokenSource timeout)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Supervision_AppHost>(
        [
            .. PlatformArguments.For(_dataDirectory, PortOffset),
            "--Supervision:ServiceEnvironment:Intake__RateLimits__SubmissionsPerMinute=5",
            "--Supervision:ServiceEnvironment:Intake__RateLimits__FailedReceiptsPerHour=5",
            $"--Supervision:ServiceEnvironment:Routing__PublicNotices__ListingsPerMinute={PublicNoticeListingsPerMinute}",
            $"--Supervision:ServiceEnvironment:Intake__Admission__MaxConcurrentSubmissions={AdmittedSubmissions}",
            $"--Supervision:ServiceEnvironment:Intake__Admission__MaxQueuedSubmissions={AdmittedSubmissions}",
            "--Supervision:ServiceEnvironment:Intake__Admission__QueueTimeout=00:01:00",
            // MassTransit logs every consumed message (RECEIVE, with its MessageId) at debug: the witness that a
            // service was actually handed a redelivered copy, which its inbox then dropped.
            "--Supervision:ServiceEnvironment:Logging__LogLevel__MassTransit.Messages=Debug",
        ], (options, _) => options.DisableDashboard = true, timeout.Token);

        App = await builder.BuildAsync(timeout.Token);
        _ = Task.Run(CaptureLogsAsync);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Intake, timeout.Token);
        Mode = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Any(r => r.Name == "postgres-init")
            ? "local server binaries (no container engine answered)"
            : "containers";
        Console.WriteLine($"Platform under test started with {Mode}; data in {_dataDirectory}");

        // The testing builder moves proxied endpoints to free ports: ask the app where intake listens.
        Channel = GrpcChannel.ForAddress(App.GetEndpoint(ResourceNames.Intake, ResourceNames.GrpcEndpoint));
        Public = new ReportIntake.ReportIntakeClient(Channel.Intercept(EnglishUnlessAsked));
        Staff = new ReportAdministration.ReportAdministrationClient(Channel.Intercept(EnglishUnlessAsked));
        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Routing, timeout.Token);
        RoutingChannel = GrpcChannel.ForAddress(App.GetEndpoint(ResourceNames.Routing, ResourceNames.GrpcEndpoint));
        Cases = new CaseHandling.CaseHandlingClient(RoutingChannel.Intercept(EnglishUnlessAsked));
        Directory = new global::Supervision.Routing.V1.Directory.DirectoryClient(RoutingChannel.Intercept(EnglishUnlessAsked));
        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Reporting, timeout.Token);
        ReportingChannel = GrpcChannel.ForAddress(App.GetEndpoint(ResourceNames.Reporting, ResourceNames.GrpcEndpoint));
        Figures = new ReportingFigures.ReportingFiguresClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        ReportingOperations = new ReportingOperations.ReportingOperationsClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        PublicBulletins = new PublicBulletins.PublicBulletinsClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        Interviews = new HeadInterviews.HeadInterviewsClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        PublicHearings = new PublicHearings.PublicHearingsClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        HearingRequests = new HearingRequests.HearingRequestsClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        Ledger = new SupervisionLedger.SupervisionLedgerClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        Selection = new Selection.SelectionClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        PublicOpenness = new PublicOpenness.PublicOpennessClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        Commitments = new Commitments.CommitmentsClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        Warnings = new EarlyWarnings.EarlyWarningsClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        Credibility = new Credibility.CredibilityClient(ReportingChannel.Intercept(EnglishUnlessAsked));
        PublicCredibility = new PublicCredibility.PublicCredibilityClient(ReportingChannel.Intercept(EnglishUnlessAsked));

        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Evaluation, timeout.Token);
        EvaluationChannel = GrpcChannel.ForAddress(App.GetEndpoint(ResourceNames.Evaluation, ResourceNames.GrpcEndpoint));
        Panel = new Panel.PanelClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        Draws = new Draws.DrawsClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        PublicDraws = new PublicDraws.PublicDrawsClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        Scoring = new Scoring.ScoringClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        LiveRanking = new LiveRanking.LiveRankingClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        Visits = new Visits.VisitsClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        AnnualAssessments = new AnnualAssessments.AnnualAssessmentsClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        WorkSupervisors = new WorkSupervisors.WorkSupervisorsClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        Referrals = new Referrals.ReferralsClient(EvaluationChannel.Intercept(EnglishUnlessAsked));
        TargetedEvaluations = new TargetedEvaluations.TargetedEvaluationsClient(EvaluationChannel.Intercept(EnglishUnlessAsked));

        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Inspection, timeout.Token);
        InspectionChannel = GrpcChannel.ForAddress(App.GetEndpoint(ResourceNames.Inspection, ResourceNames.GrpcEndpoint));
        Inspectors = new InspectorPool.InspectorPoolClient(InspectionChannel.Intercept(EnglishUnlessAsked));
        Planning = new TourPlanning.TourPlanningClient(InspectionChannel.Intercept(EnglishUnlessAsked));
        Work = new TourWork.TourWorkClient(InspectionChannel.Intercept(EnglishUnlessAsked));
        Rectification = new global::Supervision.Inspection.V1.Rectification.RectificationClient(InspectionChannel.Intercept(EnglishUnlessAsked));
        PublicInspection = new PublicInspection.PublicInspectionClient(InspectionChannel.Intercept(EnglishUnlessAsked));
        Records = new TourRecords.TourRecordsClient(InspectionChannel.Intercept(EnglishUnlessAsked));
        Caseload = new TourCaseload.TourCaseloadClient(InspectionChannel.Intercept(EnglishUnlessAsked));

        IntakeDatabase = (await App.GetConnectionStringAsync(ResourceNames.IntakeDatabase, timeout.Token))!;
        EvaluationDatabase = (await App.GetConnectionStringAsync(ResourceNames.EvaluationDatabase, timeout.Token))!;
        RoutingDatabase = (await App.GetConnectionStringAsync(ResourceNames.RoutingDatabase, timeout.Token))!;
        ReportingDatabase = (await App.GetConnectionStringAsync(ResourceNames.ReportingDatabase, timeout.Token))!;
        Cache = (await App.GetConnectionStringAsync(ResourceNames.Cache, timeout.Token))!;
        var messaging = (await App.GetConnectionStringAsync(ResourceNames.Messaging, timeout.Token))!;
        var probeDatabase = new Npgsql.NpgsqlConnectionStringBuilder(IntakeDatabase) { Database = "probe" }.ConnectionString;
        Probe = await ProbeConsumerHost.StartAsync(messaging, probeDatabase, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Probe is not null)
        {
            await Probe.DisposeAsync();
        }
        Channel?.Dispose();
        RoutingChannel?.Dispose();
        InspectionChannel?.Dispose();
        ReportingChannel?.Dispose();
        EvaluationChannel?.Dispose();
        await _stopping.CancelAsync();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try
        {
            System.IO.Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // PostgreSQL's files belong to another user on some machines; the temp folder is cleaned later.
        }
    }

    /// <summary>
    /// The clients above read English (<c>accept-language: en</c>) unless a call names its language, so assertions
    /// on words stay readable to every engineer; <see cref="Channel"/> itself sends no language (Chinese answers).
    /// </summary>
    private static Metadata EnglishUnlessAsked(Metadata headers)
    {
        if (headers.Get("accept-language") is null)
        {
            headers.Add("accept-language", "en");
        }
        return headers;
    }

    /// <summary>Headers of a staff call: a token for the role(s) and jurisdiction.</summary>
    public static Metadata StaffHeaders(string division, params string[] roles) => new()
    {
        { "authorization", "Bearer " + DevelopmentTokens.Mint(SigningKey, "test-" + string.Join("+", roles), roles, division, TimeSpan.FromHours(1)) },
    };

    /// <summary>Headers of a staff call by a named person (<paramref name="subject"/>): two people, two subjects.</summary>
    public static Metadata StaffHeadersAs(string subject, string division, params string[] roles) => new()
    {
        { "authorization", "Bearer " + DevelopmentTokens.Mint(SigningKey, subject, roles, division, TimeSpan.FromHours(1)) },
    };

    /// <summary>
    /// Reveals a reporter's identity the default way: an oversight officer of <paramref name="division"/> asks, a
    /// second one approves, the first reveals.
    /// </summary>
    public async Task<(ReporterIdentity Identity, string RequestId)> RevealWithApprovalAsync(string reportId, string division, string reason)
    {
        var requester = StaffHeadersAs("officer-requesting-" + division, division, Roles.OversightOfficer);
        var requested = await Staff.RequestIdentityRevealAsync(new RequestIdentityRevealRequest { ReportId = reportId, Reason = reason }, requester);
        await Staff.ApproveIdentityRevealAsync(new ApproveIdentityRevealRequest { RequestId = requested.RequestId },
            StaffHeadersAs("officer-approving-" + division, division, Roles.OversightOfficer));
        var identity = await Staff.RevealReporterIdentityAsync(new RevealReporterIdentityRequest { RequestId = requested.RequestId }, requester);
        return (identity, requested.RequestId);
    }

    /// <summary>
    /// Headers of an anonymous public caller with its own address, so rate limits do not leak between tests, reading
    /// <paramref name="language"/> when given.
    /// </summary>
    public static Metadata PublicCaller(string? address = null, string? language = null)
    {
        var headers = new Metadata
        {
            { "x-forwarded-for", address ?? $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}" },
        };
        if (language is not null)
        {
            headers.Add("accept-language", language);
        }
        return headers;
    }

    /// <summary>The instances (replicas) of a resource, by resource id.</summary>
    public IReadOnlyList<string> InstancesOf(string resourceName) =>
        _watchedResources.Keys.Where(id => _resourceNames.GetValueOrDefault(id) == resourceName).Order().ToList();

    /// <summary>
    /// Waits until the services' logs show that the queue <paramref name="consumer"/> (e.g. intake-case-assigned) handed the message
    /// <paramref name="messageId"/> at least <paramref name="times"/> times (every delivery, the ones an inbox drops too).
    /// </summary>
    public async Task<int> WaitUntilConsumedAsync(string consumer, Guid messageId, int times, TimeSpan timeout)
    {
        var id = messageId.ToString();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = _logs.Count(l => l.Contains("RECEIVE ", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal)
                                        && l.Contains(consumer, StringComparison.Ordinal));
            if (seen >= times)
            {
                return seen;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{consumer} was handed message {id} {seen} time(s) within {timeout}, expected at least {times}.");
            }
            await Task.Delay(250);
        }
    }

    public async Task ExecuteOnEachInstanceAsync(string resourceName, string command)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var instances = InstancesOf(resourceName);
        Assert.NotEmpty(instances);
        foreach (var instance in instances)
        {
            if (resourceName == ResourceNames.Postgres && command == KnownResourceCommands.StopCommand && await FastShutdownAsync(instance))
            {
                continue;
            }
            var result = await commands.ExecuteCommandAsync(instance, command);
            if (!result.Success && command == KnownResourceCommands.StopCommand)
            {
                // The orchestrator gives up waiting after a few seconds, but a busy machine can take
                // longer to stop a server; what matters is that it did stop.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await App.ResourceNotifications.WaitForResourceAsync(instance,
                    e => e.Snapshot.State?.Text is "Finished" or "Exited" or "Stopped", timeout.Token);
                continue;
            }
            Assert.True(result.Success, $"{command} on {instance} (of {string.Join(", ", instances)}): {result.Message}\n"
                + string.Join("\n", _logs.Where(l => l.Contains(instance)).TakeLast(30)));
        }
    }

    /// <summary>
    /// Stops a local PostgreSQL as <c>pg_ctl stop</c> does by default (SIGINT to the postmaster: a fast shutdown) and waits
    /// until the orchestrator sees it down. The orchestrator's own stop never reaches a local postmaster (it times out and
    /// leaves it running, so a start then fails on its lock file). False when the server has no process id (a container).
    /// </summary>
    private async Task<bool> FastShutdownAsync(string instance)
    {
        if (!_latest.TryGetValue(instance, out var latest)
            || latest.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString() is not { Length: > 0 } pid)
        {
            return false;
        }
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", pid]))
        {
            await kill.WaitForExitAsync();
            Assert.True(kill.ExitCode == 0, $"kill -INT {pid} ({instance}) failed with {kill.ExitCode}");
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (_latest[instance].Snapshot.State?.Text is null or "Running" or "Starting" or "Stopping")
        {
            Assert.True(DateTime.UtcNow < deadline, $"{instance} still {_latest[instance].Snapshot.State?.Text} 60 s after a fast shutdown");
            await Task.Delay(200);
        }
        return true;
    }

    private static int ReadPortOffset()
    {
        var value = Environment.GetEnvironmentVariable("SUPERVISION_TEST_PORT_OFFSET");
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }
        // The highest base port is 22673: keep every port below 65536.
        return int.TryParse(value, out var offset) && offset is >= 0 and <= 40000
            ? offset
            : throw new InvalidOperationException($"SUPERVISION_TEST_PORT_OFFSET must be a whole number from 0 to 40000, not '{value}'.");
    }

    private async Task CaptureLogsAsync()
    {
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        try
        {
            await foreach (var change in App.ResourceNotifications.WatchAsync(_stopping.Token))
            {
                _resourceNames[change.ResourceId] = change.Resource.Name;
                _latest[change.ResourceId] = change;
                if (_watchedResources.TryAdd(change.ResourceId, 0))
                {
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await foreach (var batch in loggers.WatchAsync(change.ResourceId).WithCancellation(_stopping.Token))
                            {
                                foreach (var line in batch)
                                {
                                    _logs.Enqueue($"[{change.ResourceId}] {line.Content}");
                                }
                            }
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
