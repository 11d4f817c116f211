using Dapper;
using Microsoft.Extensions.Time.Testing;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Visits;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>Visit plans on a real PostgreSQL: serving, unconflicted members only; records within the window; done once, as an event.</summary>
public sealed class VisitPlanTests(TestServers servers) : IAsyncLifetime
{
    private const string Unit = "u-370800-approval";
    private const string Window = "u-370800-approval-w01";
    private const string OtherUnit = "u-370800-hrss";

    // 10:00 in Jining on 2 March 2026.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    private EvaluationDatabase _database = null!;
    private VisitPlans _visits = null!;
    private List<NewMember> _members = [];

    public async ValueTask InitializeAsync()
    {
        _database = await EvaluationDatabase.CreateAsync(servers, _clock);
        _visits = new VisitPlans(_database.DataSource, _database.Outbox, _clock);
        var generated = DemoPanel.Generate(TestData.Rules, TestData.Directory).Select(m => m.Member).ToList();
        // Four members with no tie to the visited units, and one who works at the visited unit.
        _members = generated.Where(m => m.EmployerUnitId is null && m.RelativeUnitIds.Length == 0).Take(4).ToList();
        _members.Add(generated.First(m => m.EmployerUnitId is not null) with { EmployerUnitId = Unit });
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var member in _members)
        {
            await _database.Recruitment.StartTermAsync(transaction, member with { SealedContact = [1] }, "test", default);
        }
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private VisitPlanDraft Draft(bool secret, params Guid[] members) => new("窗口暗访", secret,
        [new VisitTargetRecord(Unit, Window, "370800"), new VisitTargetRecord(OtherUnit, "", "370800")],
        new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 15), members);

    private VisitFinding Finding(Guid member, string unitId, string windowId, double score, DateTimeOffset? at = null) =>
        new(member, unitId, windowId, at ?? _clock.GetUtcNow(), "窗口人员离岗十分钟", score, ["排队照片"]);

    [Fact]
    public async Task Should_record_within_the_window_complete_once_and_publish_each_units_mean_without_members()
    {
        var plan = await _visits.PlanAsync(Draft(true, _members[0].Id, _members[1].Id), "officer", default);
        Assert.Equal(new[] { _members[0].PanelNumber, _members[1].PanelNumber }.Order(), plan.Members.Select(m => m.PanelNumber));

        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.CompleteAsync(plan.Plan.Id, "officer", default));
        await _visits.RecordAsync(plan.Plan.Id, Finding(_members[0].Id, Unit, Window, 60), "officer", default);
        await _visits.RecordAsync(plan.Plan.Id, Finding(_members[1].Id, Unit, Window, 71), "officer", default);
        await _visits.RecordAsync(plan.Plan.Id, Finding(_members[1].Id, OtherUnit, "", 90), "officer", default);
        // Not a member of the plan; a window the plan does not name; a day outside the window (16 March in Jining).
        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.RecordAsync(plan.Plan.Id, Finding(_members[2].Id, Unit, Window, 50), "officer", default));
        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.RecordAsync(plan.Plan.Id, Finding(_members[0].Id, Unit, "u-370800-approval-w02", 50), "officer", default));
        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.RecordAsync(plan.Plan.Id,
            Finding(_members[0].Id, Unit, Window, 50, new DateTimeOffset(2026, 3, 15, 16, 30, 0, TimeSpan.Zero)), "officer", default));

        var done = await _visits.CompleteAsync(plan.Plan.Id, "officer", default);
        Assert.True(done.Done);
        Assert.Equal(3, done.Records.Count);
        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.CompleteAsync(plan.Plan.Id, "officer", default));
        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.RecordAsync(plan.Plan.Id, Finding(_members[0].Id, OtherUnit, "", 50), "officer", default));

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var payload = Assert.Single(await connection.QueryAsync<string>(
            "select payload::text from outbox_messages where message_type like '%VisitCompleted'"));
        Assert.Contains("65.5", payload);
        Assert.Contains("\"records\":1", payload.Replace(" ", ""));
        Assert.DoesNotContain(_members[0].Id.ToString(), payload);
        Assert.DoesNotContain(_members[1].Id.ToString(), payload);
    }

    [Fact]
    public async Task Should_refuse_a_member_who_works_at_a_visited_unit_or_no_longer_serves()
    {
        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.PlanAsync(Draft(true, _members[0].Id, _members[4].Id), "officer", default));
        await _database.Terms.ResignAsync(_members[3].Id, "moved away", "officer", default);
        await Assert.ThrowsAsync<DomainRuleException>(() => _visits.PlanAsync(Draft(false, _members[3].Id), "officer", default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => _visits.PlanAsync(Draft(false, Guid.NewGuid()), "officer", default));
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from visit_plans"));
    }

    [Fact]
    public async Task Should_seal_a_secret_plan_from_the_visited_unit_until_done_and_never_show_who_visited()
    {
        var secret = await _visits.PlanAsync(Draft(true, _members[0].Id), "officer", default);
        var announced = await _visits.PlanAsync(Draft(false, _members[1].Id), "officer", default);
        Assert.Null(secret.ForVisitedUnit(Unit));
        Assert.Null(announced.ForVisitedUnit("u-370800-education"));
        Assert.Empty(Assert.IsType<VisitPlanView>(announced.ForVisitedUnit(Unit)).Members);

        var listed = await _visits.ListAsync(Unit, null, visitedUnitReader: true, null, 50, default);
        Assert.Equal([announced.Plan.Id], listed.Select(p => p.Plan.Id));

        await _visits.RecordAsync(secret.Plan.Id, Finding(_members[0].Id, Unit, Window, 55), "officer", default);
        await _visits.RecordAsync(secret.Plan.Id, Finding(_members[0].Id, OtherUnit, "", 80), "officer", default);
        Assert.Null((await _visits.FindAsync(secret.Plan.Id, default))!.ForVisitedUnit(Unit));
        var done = await _visits.CompleteAsync(secret.Plan.Id, "officer", default);

        var seen = Assert.IsType<VisitPlanView>(done.ForVisitedUnit(Unit));
        Assert.Empty(seen.Members);
        Assert.Equal([Unit], seen.Targets.Select(t => t.UnitId));
        var record = Assert.Single(seen.Records);
        Assert.Equal((0, Guid.Empty, 55.0), (record.PanelNumber, record.MemberId, record.Score));
        listed = await _visits.ListAsync(Unit, null, visitedUnitReader: true, null, 50, default);
        Assert.Equal(new[] { announced.Plan.Id, secret.Plan.Id }.Order(), listed.Select(p => p.Plan.Id).Order());
    }
}
