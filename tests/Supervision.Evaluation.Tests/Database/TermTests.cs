using Dapper;
using Microsoft.Extensions.Time.Testing;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Reference;
using Supervision.Testing;

[assembly: AssemblyFixture(typeof(TestServers))]

namespace Supervision.Evaluation.Tests.Database;

/// <summary>Appointments, terms and their durable end on a real PostgreSQL, with an injected clock.</summary>
public sealed class TermTests(TestServers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private EvaluationDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await EvaluationDatabase.CreateAsync(servers, _clock);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Should_end_a_term_on_its_durable_timer_after_two_years_once_across_two_instances()
    {
        var member = await AppointAsync("enterprise");
        Assert.Equal(Start.AddYears(2).UtcDateTime, member.TermEndsAt);

        _clock.Advance(TimeSpan.FromDays(365 * 2 - 1));
        Assert.Equal(0, await _database.TimerWorker().FireDueAsync(CancellationToken.None));
        Assert.Equal((1, 1), await ServingAsync());

        _clock.Advance(TimeSpan.FromDays(2));
        var fired = await Task.WhenAll(_database.TimerWorker().FireDueAsync(CancellationToken.None), _database.TimerWorker().FireDueAsync(CancellationToken.None));
        Assert.Equal(1, fired.Sum());
        Assert.Equal((0, 0), await ServingAsync());
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        Assert.Equal("term-ended", await connection.ExecuteScalarAsync<string>("select status from members where id = @id", new { id = member.Id }));
        Assert.Equal(["appointed", "term-ended"], await connection.QueryAsync<string>(
            "select kind from member_history where member_id = @id order by happened_at", new { id = member.Id }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "select count(*) from outbox_messages where message_type like '%MemberTermEnded' and payload->>'memberId' = @id", new { id = member.Id.ToString() }));
    }

    [Fact]
    public async Task Should_move_the_term_end_on_renewal_so_the_old_timer_never_ends_the_renewed_term()
    {
        var member = await AppointAsync("ordinary-citizen");
        _clock.Advance(TimeSpan.FromDays(300));
        var renewed = await _database.Terms.RenewAsync(member.Id, "serves well", "officer", CancellationToken.None);
        Assert.Equal(Start.AddYears(4).UtcDateTime, renewed.TermEndsAt);

        _clock.Advance(Start.AddYears(2).AddDays(1) - _clock.GetUtcNow());
        Assert.Equal(0, await _database.TimerWorker().FireDueAsync(CancellationToken.None));
        Assert.Equal((1, 1), await ServingAsync());
        _clock.Advance(TimeSpan.FromDays(365 * 2));
        Assert.Equal(1, await _database.TimerWorker().FireDueAsync(CancellationToken.None));
        Assert.Equal((0, 0), await ServingAsync());

        // After the term ended a renewal starts a fresh term today.
        var again = await _database.Terms.RenewAsync(member.Id, null, "officer", CancellationToken.None);
        Assert.Equal(_clock.GetUtcNow().AddYears(2).UtcDateTime, again.TermEndsAt);
        Assert.Equal("serving", again.Status);
    }

    [Fact]
    public async Task Should_record_a_resignation_cancel_the_term_timer_and_refuse_a_second_one_or_a_renewal()
    {
        var member = await AppointAsync("individual-business");
        var resigned = await _database.Terms.ResignAsync(member.Id, "moved away", "officer", CancellationToken.None);
        Assert.Equal("resigned", resigned.Status);
        await Assert.ThrowsAsync<DomainRuleException>(() => _database.Terms.ResignAsync(member.Id, "again", "officer", CancellationToken.None));
        await Assert.ThrowsAsync<DomainRuleException>(() => _database.Terms.RenewAsync(member.Id, null, "officer", CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(365 * 3));
        Assert.Equal(0, await _database.TimerWorker().FireDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Should_refuse_the_appointment_that_would_break_the_quota_even_when_two_race()
    {
        for (var i = 0; i < 4; i++)
        {
            await AppointAsync("enterprise");
        }
        // 4 of 4; one official makes 4 of 5 (80%), a second would make 4 of 6.
        var first = await SubmitAsync("expert");
        var second = await SubmitAsync("deputy");
        var results = await Task.WhenAll(
            Attempt(() => _database.Recruitment.AppointAsync(first.Id, "officer-a", CancellationToken.None)),
            Attempt(() => _database.Recruitment.AppointAsync(second.Id, "officer-b", CancellationToken.None)));
        Assert.Single(results, r => r is null);
        Assert.Contains(results, r => r is not null && r.Contains("66.6%"));
        Assert.Equal((4, 5), await ServingAsync());
    }

    [Fact]
    public async Task Should_keep_contact_data_sealed_and_bound_to_its_member()
    {
        var member = await AppointAsync("enterprise");
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var sealedContact = await connection.ExecuteScalarAsync<byte[]>("select sealed_contact from members where id = @id", new { id = member.Id });
        Assert.DoesNotContain("13912345678", System.Text.Encoding.UTF8.GetString(sealedContact!));
        Assert.Equal("13912345678", _database.Sealer.Open(sealedContact!, member.Id).Phone);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => _database.Sealer.Open(sealedContact!, Guid.NewGuid()));
        var events = string.Join("\n", await connection.QueryAsync<string>("select payload::text from outbox_messages"));
        Assert.Contains(member.Id.ToString(), events);
        Assert.DoesNotContain("13912345678", events);
        Assert.DoesNotContain("济宁市任城区某路1号", events);
    }

    private async Task<ApplicationRecord> SubmitAsync(string sector) =>
        await _database.Recruitment.SubmitAsync(new Applicant("测试成员", "female", new DateOnly(1980, 5, 1), sector, "370811", Nominations.Self, null,
            "", null, null, [], new MemberContact("13912345678", "370811198005011234", "济宁市任城区某路1号")), "officer", CancellationToken.None);

    private async Task<MemberRecord> AppointAsync(string sector)
    {
        var application = await SubmitAsync(sector);
        return (await _database.Recruitment.AppointAsync(application.Id, "officer", CancellationToken.None)).Member;
    }

    private static async Task<string?> Attempt(Func<Task> step)
    {
        try
        {
            await step();
            return null;
        }
        catch (DomainRuleException refused)
        {
            return refused.Message;
        }
    }

    private async Task<(int Grassroots, int Serving)> ServingAsync()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        return await PanelStore.ServingCountsAsync(transaction, _clock.GetUtcNow(), CancellationToken.None);
    }
}
