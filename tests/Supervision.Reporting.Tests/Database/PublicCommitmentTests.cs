using Microsoft.Extensions.Time.Testing;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;

namespace Supervision.Reporting.Tests.Database;

/// <summary>Public commitments assessed once, whichever of two instances tries, and codes of conduct versioned without gaps.</summary>
public sealed class PublicCommitmentTests(TestServers servers) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(At(11, 26, 9));
    private ReportingDatabase _db = null!;
    private PublicCommitments _commitments = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        _commitments = new PublicCommitments(new DispatchSchedule(TestData.Calendar, TestData.Dispatch), new Outbox(new OutboxSignal()), _clock);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Should_assess_a_commitment_once()
    {
        var plan = new CommitmentPlan("u-370830-education", "370830", "c-0246", "年底前完成城区三所学校扩建", new DateOnly(2026, 12, 31));
        var row = (await _db.InTransactionAsync(t => _commitments.PublishAsync(t, plan, "officer", "key-commitment-0001", [1], CancellationToken.None)))!;
        Assert.Equal(("pending", "2026-12-31"), (row.Status, row.DueBy));
        Assert.Null(await _db.InTransactionAsync(t => _commitments.PublishAsync(t, plan with { Commitment = "另一承诺" }, "officer", "key-commitment-0001", [2],
            CancellationToken.None)));

        _clock.Advance(TimeSpan.FromHours(1));
        var attempts = await Task.WhenAll(TryAssessAsync(row.CommitmentId, true), TryAssessAsync(row.CommitmentId, false));
        Assert.Single(attempts, a => a is not null);
        var again = await Assert.ThrowsAsync<DomainRuleException>(() => _db.InTransactionAsync(t =>
            _commitments.AssessAsync(t, row.CommitmentId, true, "复核", "officer", CancellationToken.None)));
        Assert.StartsWith("the commitment was already assessed as ", again.Message);
        Assert.EndsWith(" at 2026-11-26 10:00; it cannot be assessed again", again.Message);
        Assert.Equal(2, await _db.ScalarAsync<int>("select count(*)::int from outbox_messages where message_type like '%Commitment%'"));
    }

    [Fact]
    public async Task Should_version_a_units_code_of_conduct_without_gaps()
    {
        var versions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => PublishCodeAsync("第" + i + "版：文明服务、一次告知、限时办结")));
        Assert.Equal([1, 2, 3, 4], versions.Order());
        var current = await _db.InTransactionAsync(t => CommitmentStore.CurrentCodeAsync(t, "u-370830-education", CancellationToken.None));
        Assert.Equal(4, current!.Version);
    }

    private async Task<int> PublishCodeAsync(string text)
    {
        await using var connection = await _db.NewDataSource().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var code = await _commitments.PublishCodeAsync(transaction, "u-370830-education", "370830", text, "officer", CancellationToken.None);
        await transaction.CommitAsync();
        return code.Version;
    }

    private async Task<CommitmentRow?> TryAssessAsync(Guid commitmentId, bool kept)
    {
        try
        {
            await using var connection = await _db.NewDataSource().OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var assessed = await _commitments.AssessAsync(transaction, commitmentId, kept, "按期完成", "officer", CancellationToken.None);
            await transaction.CommitAsync();
            return assessed;
        }
        catch (DomainRuleException)
        {
            return null;
        }
    }
}
