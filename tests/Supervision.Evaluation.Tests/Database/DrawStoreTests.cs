using Microsoft.Extensions.Time.Testing;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>Committing, revealing and replacing on a real PostgreSQL with the demo panel, on an injected clock.</summary>
public sealed class DrawStoreTests(TestServers servers) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private EvaluationDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await EvaluationDatabase.CreateAsync(servers, _clock);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (member, contact) in DemoPanel.Generate(TestData.Rules, TestData.Directory).Take(200))
        {
            await _database.Recruitment.StartTermAsync(transaction, member with { SealedContact = _database.Sealer.Seal(contact, member.Id) }, "test", default);
        }
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Should_commit_reveal_the_committed_seed_and_leave_recent_draws_off_the_next_roster_until_the_days_pass()
    {
        var committed = await _database.Draws.CommitAsync("u-370800-education", 10, 2, "complaints", "officer", default);
        Assert.Equal(200, committed.Draw.Roster.Length + System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(committed.Draw.Excluded)!.Values.Sum());
        var revealed = await _database.Draws.RevealAsync(committed.Draw.Id, "entropy", "officer", default);
        Assert.Equal(committed.Draw.Commitment, Convert.ToHexStringLower(DrawRoster.Commitment(Convert.FromHexString(revealed.Draw.Seed!))));
        Assert.Equal(10, revealed.Seats.Count(s => s.Role == "selected"));
        await Assert.ThrowsAsync<DomainRuleException>(() => _database.Draws.RevealAsync(committed.Draw.Id, "again", "officer", default));

        var next = await _database.Draws.CommitAsync("u-370800-education", 10, 2, "complaints", "officer", default);
        var drawn = revealed.Seats.Where(s => s.Role == "selected").Select(s => s.PanelNumber).ToHashSet();
        Assert.DoesNotContain(next.Draw.Roster, line => drawn.Contains(RosterEntry.Parse(line).PanelNumber));
        _clock.Advance(TimeSpan.FromDays(TestData.Rules.Draws.RecentDrawDays + 1));
        var later = await _database.Draws.CommitAsync("u-370800-education", 10, 2, "complaints", "officer", default);
        Assert.Contains(later.Draw.Roster, line => drawn.Contains(RosterEntry.Parse(line).PanelNumber));
    }

    [Fact]
    public async Task Should_not_draw_a_member_out_of_term()
    {
        _clock.Advance(TimeSpan.FromDays(365 * 2 + 200));
        await Assert.ThrowsAsync<DomainRuleException>(() => _database.Draws.CommitAsync("u-370800-education", 1, 0, "complaints", "officer", default));
    }
}
