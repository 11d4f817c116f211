using Dapper;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Evaluation.Domain.Supervisors;
using Supervision.Evaluation.Referrals;
using Supervision.Intake.V1;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>The demo city's finished evaluation loaded on a real PostgreSQL by two instances at once: once, and complete.</summary>
public sealed class DemoEvaluationTests(TestServers servers)
{
    private static readonly ScoringRules Rules = ScoringRules.Load(TestData.FindFile("data/evaluation/scoring.json"));

    [Fact]
    public async Task Should_load_one_revealed_draw_and_one_closed_session_when_two_instances_start_together()
    {
        await using var database = await EvaluationDatabase.CreateAsync(servers, TimeProvider.System);
        var options = Options.Create(new EvaluationOptions { LoadDemoPanel = true });
        // The panel loader also seats the demo supervisors; nothing here refers a problem, so intake's address leads nowhere.
        using var nowhere = GrpcChannel.ForAddress("http://127.0.0.1:9");
        var supervisors = new CadreWorkSupervisors(database.DataSource, database.Sealer,
            new IntakeReferrals(new ReportIntake.ReportIntakeClient(nowhere), new ConfigurationBuilder().Build()), TestData.Directory, TimeProvider.System);
        await new DemoPanelLoader(database.DataSource, options, TestData.Rules, TestData.Directory, database.Sealer, database.Recruitment,
            supervisors, NullLogger<DemoPanelLoader>.Instance).StartAsync(default);
        DemoEvaluationLoader Instance() => new(database.DataSource, options, database.Draws,
            new ScoringSessions(database.DataSource, Rules, TestData.Directory, database.Outbox, TimeProvider.System), Rules,
            NullLogger<DemoEvaluationLoader>.Instance);

        await Task.WhenAll(Instance().StartAsync(default), Instance().StartAsync(default));
        await Instance().StartAsync(default);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal("revealed", Assert.Single(await connection.QueryAsync<string>("select status from draws where committed_by = 'demo-city'")));
        Assert.Equal("closed", Assert.Single(await connection.QueryAsync<string>("select status from scoring_sessions")));
        Assert.Equal(DemoEvaluation.Seats * DemoEvaluation.Units.Count, await connection.ExecuteScalarAsync<int>(
            "select count(*) from unit_scores where session_id = @id", new { id = DemoEvaluation.SessionId }));
        // Exactly the drawn members scored.
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            """
            select count(*) from unit_scores s where not exists
              (select 1 from draw_seats d where d.member_id = s.member_id and d.role = 'selected')
            """));
        Assert.Equal(DemoEvaluation.Units.Count, await connection.ExecuteScalarAsync<int>("select count(*) from session_results"));
        Assert.Equal(DemoEvaluation.Units.Count, await connection.ExecuteScalarAsync<int>(
            "select count(*) from outbox_messages where message_type like '%UnitRanked'"));
        var consequences = (await connection.QueryAsync<string>("select consequence from consequences")).ToList();
        Assert.Equal(1, consequences.Count(c => c == "last-place"));
        Assert.Equal(3, consequences.Count(c => c == "key-supervision-target"));
    }
}
