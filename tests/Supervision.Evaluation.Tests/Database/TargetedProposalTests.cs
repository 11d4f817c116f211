using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Reference;
using Supervision.ServiceDefaults.Data;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>
/// Targeted-evaluation proposals on a real PostgreSQL: complaints counted from intake's and routing's events in either order,
/// the thresholds of the rules (at least 8 in 3 months, and twice the city median), one proposal when two instances count at
/// once, and accepting (a draw committed with it) or dismissing.
/// </summary>
public sealed class TargetedProposalTests(TestServers servers) : IAsyncLifetime
{
    private const string Unit = "u-370800-education";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private EvaluationDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await EvaluationDatabase.CreateAsync(servers, _clock);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Should_count_a_complaint_once_both_events_came_in_either_order_and_propose_the_unit_once_at_the_threshold()
    {
        await ComplainAboutOthersAsync(1);
        for (var i = 0; i < 7; i++)
        {
            await ComplainAsync(Unit, caseFirst: i % 2 == 0);
        }
        // Received but never opened by routing: not a counted complaint.
        await InTransactionAsync((c, t) => _database.Proposals.ReportReceivedAsync(c, t, Guid.NewGuid(), [Unit], _clock.GetUtcNow(), default));
        Assert.Empty(await ProposalsAsync());

        var eighth = await ComplainAsync(Unit, caseFirst: true);
        var proposal = Assert.Single(await ProposalsAsync());
        Assert.Equal((Unit, "370800", 8, 1.0, 3, "proposed"),
            (proposal.UnitId, proposal.DivisionCode, proposal.Complaints, proposal.CityMedian, proposal.WindowMonths, proposal.Status));

        // A redelivered event counts nothing twice; more complaints in the window propose the unit no second time.
        await InTransactionAsync((c, t) => _database.Proposals.CaseOpenedAsync(c, t, eighth, Guid.NewGuid(), _clock.GetUtcNow(), default));
        await ComplainAsync(Unit, caseFirst: false);
        Assert.Single(await ProposalsAsync());
        Assert.Equal(9, await CountAsync(Unit));
    }

    [Fact]
    public async Task Should_need_twice_the_city_median_and_count_only_the_window()
    {
        await ComplainAboutOthersAsync(5);
        for (var i = 0; i < 9; i++)
        {
            await ComplainAsync(Unit, caseFirst: false);
        }
        // 9 complaints, but the city median is 5: 10 are needed.
        Assert.Empty(await ProposalsAsync());
        await ComplainAsync(Unit, caseFirst: false);
        var proposal = Assert.Single(await ProposalsAsync());
        Assert.Equal((10, 5.0), (proposal.Complaints, proposal.CityMedian));

        // Four months on, the old complaints are out of the window and the unit, its proposal decided, may be proposed again
        // when it has new ones.
        _clock.Advance(TimeSpan.FromDays(122));
        await _database.Proposals.DismissAsync(proposal.Id, "已在常规督办中处理", "officer", default);
        await ComplainAboutOthersAsync(1);
        for (var i = 0; i < 7; i++)
        {
            await ComplainAsync(Unit, caseFirst: i % 2 == 1);
        }
        Assert.Equal(7, await CountAsync(Unit));
        Assert.Single(await ProposalsAsync());
        await ComplainAsync(Unit, caseFirst: true);
        Assert.Equal(2, (await ProposalsAsync()).Count);
    }

    [Fact]
    public async Task Should_make_one_proposal_when_two_instances_count_the_threshold_complaint_at_once()
    {
        await ComplainAboutOthersAsync(1);
        for (var i = 0; i < 7; i++)
        {
            await ComplainAsync(Unit, caseFirst: false);
        }
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await InTransactionAsync((c, t) => _database.Proposals.ReportReceivedAsync(c, t, first, [Unit], _clock.GetUtcNow(), default));
        await InTransactionAsync((c, t) => _database.Proposals.ReportReceivedAsync(c, t, second, [Unit], _clock.GetUtcNow(), default));

        // Instance A counts its eighth complaint and proposes; instance B counts its own eighth before A commits.
        await using var connectionA = await _database.DataSource.OpenConnectionAsync();
        await using var transactionA = await connectionA.BeginTransactionAsync();
        await _database.Proposals.CaseOpenedAsync(connectionA, transactionA, first, Guid.NewGuid(), _clock.GetUtcNow(), default);
        var instanceB = InTransactionAsync((c, t) => _database.Proposals.CaseOpenedAsync(c, t, second, Guid.NewGuid(), _clock.GetUtcNow(), default));
        await Task.Delay(300);
        Assert.False(instanceB.IsCompleted, "instance B waits on A's proposal for the unit");
        await transactionA.CommitAsync();
        await instanceB;

        Assert.Single(await ProposalsAsync());
        Assert.Equal(9, await CountAsync(Unit));
    }

    [Fact]
    public async Task Should_commit_a_draw_for_the_unit_when_accepted_and_refuse_a_second_decision()
    {
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var (member, contact) in DemoPanel.Generate(TestData.Rules, TestData.Directory).Take(100))
            {
                await _database.Recruitment.StartTermAsync(transaction, member with { SealedContact = _database.Sealer.Seal(contact, member.Id) }, "test", default);
            }
            await transaction.CommitAsync();
        }
        await ComplainAboutOthersAsync(1);
        for (var i = 0; i < 8; i++)
        {
            await ComplainAsync(Unit, caseFirst: true);
            await ComplainAsync("u-370800-hrss", caseFirst: false);
        }
        var proposals = await ProposalsAsync();
        var education = proposals.Single(p => p.UnitId == Unit);
        var hrss = proposals.Single(p => p.UnitId == "u-370800-hrss");

        var accepted = await _database.Proposals.AcceptAsync(education.Id, 10, 2, "投诉集中", "officer", default);
        Assert.Equal(("accepted", "officer"), (accepted.Proposal.Status, accepted.Proposal.DecidedBy));
        Assert.Equal(accepted.Draw!.Draw.Id, accepted.Proposal.DrawId);
        Assert.Equal((Unit, "committed", 10), (accepted.Draw.Draw.UnitId, accepted.Draw.Draw.Status, accepted.Draw.Draw.Seats));
        Assert.NotNull(await _database.Draws.FindAsync(accepted.Draw.Draw.Id, default));
        await Assert.ThrowsAsync<DomainRuleException>(() => _database.Proposals.DismissAsync(education.Id, "重复", "officer", default));

        // A roster too small for the seats refuses the acceptance and leaves the proposal open, with no draw.
        await Assert.ThrowsAsync<DomainRuleException>(() => _database.Proposals.AcceptAsync(hrss.Id, 100, 2, "投诉集中", "officer", default));
        Assert.Equal("proposed", (await _database.Proposals.FindAsync(hrss.Id, default))!.Status);
        var dismissed = await _database.Proposals.DismissAsync(hrss.Id, "已在常规督办中处理", "officer", default);
        Assert.Equal(("dismissed", "已在常规督办中处理", null), (dismissed.Proposal.Status, dismissed.Proposal.DismissalReason, dismissed.Proposal.DrawId));
        await Assert.ThrowsAsync<DomainRuleException>(() => _database.Proposals.AcceptAsync(hrss.Id, 10, 2, "投诉集中", "officer", default));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => _database.Proposals.AcceptAsync(Guid.NewGuid(), 10, 2, "投诉集中", "officer", default));
    }

    /// <summary>One complaint about <paramref name="unit"/>: intake's event and routing's, in the order given.</summary>
    private async Task<Guid> ComplainAsync(string unit, bool caseFirst)
    {
        var report = Guid.NewGuid();
        Func<NpgsqlConnection, NpgsqlTransaction, Task> received = (c, t) =>
            _database.Proposals.ReportReceivedAsync(c, t, report, [unit], _clock.GetUtcNow(), default);
        Func<NpgsqlConnection, NpgsqlTransaction, Task> opened = (c, t) =>
            _database.Proposals.CaseOpenedAsync(c, t, report, Guid.NewGuid(), _clock.GetUtcNow(), default);
        await InTransactionAsync(caseFirst ? opened : received);
        await InTransactionAsync(caseFirst ? received : opened);
        return report;
    }

    /// <summary>Five other units with <paramref name="each"/> complaints: the city median's background.</summary>
    private async Task ComplainAboutOthersAsync(int each)
    {
        foreach (var unit in TestData.Directory.Units.Where(u => u.Id != Unit && u.Id != "u-370800-hrss").Take(5))
        {
            for (var i = 0; i < each; i++)
            {
                await ComplainAsync(unit.Id, caseFirst: i % 2 == 0);
            }
        }
    }

    private async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> step)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await step(connection, transaction);
        await transaction.CommitAsync();
    }

    private Task<IReadOnlyList<TargetedProposalRecord>> ProposalsAsync() => _database.Proposals.ListAsync(null, null, null, 100, default);

    private async Task<long> CountAsync(string unit)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        return await ProposalStore.CountAsync(transaction, unit, _clock.GetUtcNow().AddMonths(-3), default);
    }
}
