using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Reference;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>A scoring session on a real PostgreSQL: scores from serving members only, closing once with its consequences and their clocks.</summary>
public sealed class ScoringSessionTests(TestServers servers) : IAsyncLifetime
{
    private static readonly ScoringRules Rules = ScoringRules.Load(TestData.FindFile("data/evaluation/scoring.json"));
    private static readonly string[] Units = ["u-370800-approval", "u-370800-education", "u-370800-hrss", "u-370800-market", "u-370800-public-security"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private EvaluationDatabase _database = null!;
    private ScoringSessions _sessions = null!;
    private IReadOnlyList<Data.NewMember> _members = [];

    public async ValueTask InitializeAsync()
    {
        _database = await EvaluationDatabase.CreateAsync(servers, _clock);
        _sessions = new ScoringSessions(_database.DataSource, Rules, TestData.Directory, _database.Outbox, _clock);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        _members = DemoPanel.Generate(TestData.Rules, TestData.Directory).Take(6).Select(m => m.Member).ToList();
        foreach (var member in _members)
        {
            await _database.Recruitment.StartTermAsync(transaction, member with { SealedContact = [1] }, "test", default);
        }
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Should_rank_close_once_apply_the_consequences_as_events_and_fire_their_deadlines()
    {
        var sheet = Rules.FindSheet("departments-2026")!;
        var session = await _sessions.OpenAsync(sheet, "2026年度机关作风评议", Units, "officer", default);
        for (var m = 0; m < _members.Count; m++)
        {
            for (var u = 0; u < Units.Length; u++)
            {
                var value = 95 - 10 * u + m % 2;
                await _sessions.ScoreAsync(session.Id, _members[m].Id, Units[u], sheet.Criteria.ToDictionary(c => c.Id, _ => (double)value), default);
            }
        }
        await Assert.ThrowsAsync<DomainRuleException>(() => _sessions.ScoreAsync(session.Id, _members[0].Id, Units[0],
            sheet.Criteria.ToDictionary(c => c.Id, _ => 50.0), default));

        var closed = await _sessions.CloseAsync(session.Id, default);
        Assert.Equal(Units, closed.Ranking.Select(r => r.UnitId));
        Assert.Equal(["key-supervision-target"], closed.Consequences.Where(c => c.UnitId == Units[2]).Select(c => c.Consequence));
        Assert.Equal(["cause-analysis", "key-supervision-target", "last-place"], closed.Consequences.Where(c => c.UnitId == Units[4]).Select(c => c.Consequence).Order());
        await Assert.ThrowsAsync<DomainRuleException>(() => _sessions.CloseAsync(session.Id, default));

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(closed.Consequences.Count, await connection.ExecuteScalarAsync<int>(
            "select count(*) from outbox_messages where message_type like '%ConsequenceApplied'"));
        _clock.Advance(TimeSpan.FromDays(31));
        var worker = new DurableTimerWorker(_database.DataSource, [_sessions], _database.Outbox, _clock, Options.Create(new DurableTimerOptions()),
            NullLogger<DurableTimerWorker>.Instance);
        // The cause analyses are due after 30 days; the key-supervision rectification after 90.
        Assert.Equal(2, await worker.FireDueAsync(default));
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%ConsequenceDue'"));
    }

    [Fact]
    public async Task Should_refuse_a_score_from_a_member_out_of_term_or_for_a_unit_outside_the_session()
    {
        var sheet = Rules.FindSheet("departments-2026")!;
        var session = await _sessions.OpenAsync(sheet, "评议", Units, "officer", default);
        var criteria = sheet.Criteria.ToDictionary(c => c.Id, _ => 80.0);
        await Assert.ThrowsAsync<DomainRuleException>(() => _sessions.ScoreAsync(session.Id, _members[0].Id, "u-370800-party", criteria, default));
        await _database.Terms.ResignAsync(_members[1].Id, "moved", "officer", default);
        await Assert.ThrowsAsync<DomainRuleException>(() => _sessions.ScoreAsync(session.Id, _members[1].Id, Units[0], criteria, default));
        _clock.Advance(TimeSpan.FromDays(365 * 3));
        await Assert.ThrowsAsync<DomainRuleException>(() => _sessions.ScoreAsync(session.Id, _members[2].Id, Units[0], criteria, default));
    }

    [Fact]
    public async Task Should_rank_middle_level_cadres_as_one_group_and_feed_only_unit_sessions_of_the_city_year_into_the_annual_assessment()
    {
        var cadres = TestData.Directory.Cadres.Where(c => c.MiddleLevel).Select(c => c.Id).Order(StringComparer.Ordinal).Take(12).ToList();
        var cadreSheet = Rules.FindSheet("middle-level-cadres-2026")!;
        var cadreSession = await _sessions.OpenAsync(cadreSheet, "中层干部评议", cadres, "officer", default);
        var departments = Rules.FindSheet("departments-2026")!;
        var unitSession = await _sessions.OpenAsync(departments, "部门评议", Units, "officer", default);
        foreach (var member in _members.Take(3))
        {
            for (var c = 0; c < cadres.Count; c++)
            {
                await _sessions.ScoreAsync(cadreSession.Id, member.Id, cadres[c], cadreSheet.Criteria.ToDictionary(x => x.Id, _ => 90.0 - c), default);
            }
            for (var u = 0; u < Units.Length; u++)
            {
                await _sessions.ScoreAsync(unitSession.Id, member.Id, Units[u], departments.Criteria.ToDictionary(x => x.Id, _ => 90.0 - u), default);
            }
        }
        await Assert.ThrowsAsync<DomainRuleException>(() => _sessions.ScoreAsync(cadreSession.Id, _members[0].Id, Units[0],
            cadreSheet.Criteria.ToDictionary(x => x.Id, _ => 50.0), default));

        var closedCadres = await _sessions.CloseAsync(cadreSession.Id, default);
        Assert.Equal(cadres[..10], closedCadres.Consequences.Where(c => c.Consequence == "merit-citation").Select(c => c.UnitId).Order(StringComparer.Ordinal));
        Assert.Equal(cadres[2..], closedCadres.Consequences.Where(c => c.Consequence == "warning-bulletin").Select(c => c.UnitId).Order(StringComparer.Ordinal));
        // Closed at 2026-12-31 23:30 in Jining (15:30 UTC): the unit session still counts for 2026, not 2027.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 15, 30, 0, TimeSpan.Zero));
        await _sessions.CloseAsync(unitSession.Id, default);

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var events = (await connection.QueryAsync<string>("select message_type from outbox_messages")).ToList();
        Assert.Equal(20, events.Count(t => t.EndsWith(".CadreConsequenceApplied")));
        Assert.Equal(Units.Length, events.Count(t => t.EndsWith(".UnitRanked")));
        Assert.Equal(cadres.Count + Units.Length, await connection.ExecuteScalarAsync<int>("select count(*) from session_results"));

        var annual = new AnnualAssessment(_database.DataSource, Rules);
        var year = await annual.ForYearAsync(2026, default);
        Assert.Equal(Units, year.Where(r => r.Group == "departments").Select(r => r.UnitId));
        Assert.Equal([90.0, 89.0, 88.0, 87.0, 86.0], year.Where(r => r.Group == "departments").Select(r => r.Score));
        Assert.DoesNotContain(year, r => r.Group == "law-enforcement" || cadres.Contains(r.UnitId));
        Assert.Empty(await annual.ForYearAsync(2027, default));
    }
}
