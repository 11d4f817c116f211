using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>A fresh evaluation database for one test, migrated by the platform's migrator, with the panel's domain on a given clock.</summary>
internal sealed class EvaluationDatabase : IAsyncDisposable
{
    private EvaluationDatabase(string connectionString, TimeProvider time)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        Time = time;
        Outbox = new Outbox(new OutboxSignal());
        Sealer = new EvaluationSealer(Options.Create(new EvaluationOptions { SealingKeys = new() { ["1"] = TestData.SealingKey } }));
        Recruitment = new PanelRecruitment(DataSource, TestData.Rules, new Eligibility(TestData.Rules, TestData.Directory), Sealer, Outbox, time);
        Terms = new PanelTerms(DataSource, TestData.Rules, Outbox, time);
        Draws = new TargetedDraws(DataSource, TestData.Rules, TestData.Directory, Sealer, Outbox, time);
        Proposals = new TargetedProposals(DataSource, TestData.Rules, TestData.Directory, Draws, Outbox, time);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }
    public TimeProvider Time { get; }
    public Outbox Outbox { get; }
    public EvaluationSealer Sealer { get; }
    public PanelRecruitment Recruitment { get; }
    public PanelTerms Terms { get; }
    public TargetedDraws Draws { get; }
    public TargetedProposals Proposals { get; }

    /// <summary>The durable timer worker of one instance, firing this service's handlers.</summary>
    public DurableTimerWorker TimerWorker() =>
        new(DataSource, [Terms], Outbox, Time, Options.Create(new DurableTimerOptions()), NullLogger<DurableTimerWorker>.Instance);

    public static async Task<EvaluationDatabase> CreateAsync(TestServers servers, TimeProvider time)
    {
        var server = await servers.PostgresAsync();
        var database = new EvaluationDatabase(server.ConnectionString("evaluation_" + Guid.NewGuid().ToString("N")), time);
        await new DatabaseMigrator(database.DataSource, database.ConnectionString, typeof(PanelRecruitment).Assembly,
            NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        return database;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
