using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Extensions;
using Supervision.Reference;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Testing;

[assembly: AssemblyFixture(typeof(TestServers))]

namespace Supervision.Inspection.Tests.Database;

/// <summary>
/// A fresh inspection database for one test, migrated by the platform's migrator, with the demo pool loaded as the
/// service loads it and the domain wired as the service wires it, on a fake clock.
/// </summary>
public abstract class InspectionDatabaseTest(TestServers servers) : IAsyncLifetime
{
    private ServiceProvider? _services;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));

    protected ServiceProvider Services => _services ?? throw new InvalidOperationException("The database is created before each test.");

    protected TourPlanningSteps Planning => Services.GetRequiredService<TourPlanningSteps>();

    protected NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    protected TourWorkSteps Work => Services.GetRequiredService<TourWorkSteps>();

    protected RectificationSteps Rectification => Services.GetRequiredService<RectificationSteps>();

    protected WorkRecordSteps Records => Services.GetRequiredService<WorkRecordSteps>();

    protected AssessmentSteps Assessments => Services.GetRequiredService<AssessmentSteps>();

    protected RecommendationSteps Recommendations => Services.GetRequiredService<RecommendationSteps>();

    private string ConnectionString { get; set; } = "";

    /// <summary>A timer worker as one service instance runs it: its own connection pool, the inspection handlers, the test's clock.</summary>
    protected Supervision.ServiceDefaults.Timers.DurableTimerWorker TimerWorker() =>
        new(NpgsqlDataSource.Create(ConnectionString), [new RectificationOverdueHandler(Services.GetRequiredService<Outbox>())],
            Services.GetRequiredService<Outbox>(), Time, Microsoft.Extensions.Options.Options.Create(new Supervision.ServiceDefaults.Timers.DurableTimerOptions()),
            NullLogger<Supervision.ServiceDefaults.Timers.DurableTimerWorker>.Instance);

    public async ValueTask InitializeAsync()
    {
        var connectionString = (await servers.PostgresAsync()).ConnectionString("inspection_" + Guid.NewGuid().ToString("N"));
        ConnectionString = connectionString;
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(_ => NpgsqlDataSource.Create(connectionString))
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<CityDirectory>(TestData.City)
            .AddSingleton(TestData.Rules)
            .AddSingleton(TestData.Pool)
            .AddSingleton<OutboxSignal>()
            .AddSingleton<Outbox>()
            .AddSingleton(new IntervieweeSealer(new Supervision.ServiceDefaults.Security.DataSealer(
                new Dictionary<string, string> { ["1"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 3)).ToArray()) }, 1,
                "test key")))
            .AddInspectionRules()
            .BuildServiceProvider();
        await new DatabaseMigrator(DataSource, connectionString, typeof(InspectorPoolSeed).Assembly, NullLogger<DatabaseMigrator>.Instance)
            .StartAsync(CancellationToken.None);
        await new InspectorPoolSeed(DataSource, TestData.Pool, NullLogger<InspectorPoolSeed>.Instance).StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected async Task InTransactionAsync(Func<NpgsqlTransaction, Task> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await work(transaction);
        await transaction.CommitAsync();
    }

    /// <summary>A tour of the target that started on <paramref name="startsOn"/> with its team formed: the leader and one member.</summary>
    protected async Task<TourRecord> TourUnderWayAsync(string kind, string id, DateOnly startsOn, string leaderId, string memberId)
    {
        var plan = await Planning.CreatePlanAsync(new PlanRecord(Guid.CreateVersion7(), PlanKinds.AdHoc, 2026, "专项巡察", []), "plan-staff", CancellationToken.None);
        var tour = await Planning.ChooseTargetAsync(plan.Id, 0, TestData.Target(kind, id), startsOn, 0, "举报量高，列为巡察对象。", "plan-staff",
            CancellationToken.None);
        return await Planning.FormTeamAsync(tour.Id, leaderId, [memberId], "plan-staff", CancellationToken.None);
    }

    protected async Task<TourRecord> PlannedTourAsync(string kind, string id)
    {
        var plan = await Planning.CreatePlanAsync(new PlanRecord(Guid.CreateVersion7(), PlanKinds.AdHoc, 2026, "专项巡察", []), "plan-staff", CancellationToken.None);
        return await Planning.ChooseTargetAsync(plan.Id, 0, TestData.Target(kind, id), new DateOnly(2026, 12, 1), 0, "举报量高，列为巡察对象。", "plan-staff",
            CancellationToken.None);
    }
}
