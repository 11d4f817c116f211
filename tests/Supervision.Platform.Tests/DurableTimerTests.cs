using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;

[assembly: AssemblyFixture(typeof(TestServers))]

namespace Supervision.Platform.Tests;

/// <summary>
/// The durable timer every service shares, on a real PostgreSQL: each test has its own database migrated by
/// the platform's migrator, and two workers with their own connection pools stand for two instances.
/// </summary>
public sealed class DurableTimerTests(TestServers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly List<NpgsqlDataSource> _sources = [];
    private string _connectionString = "";

    public async ValueTask InitializeAsync()
    {
        var server = await servers.PostgresAsync();
        _connectionString = server.ConnectionString("timers_" + Guid.NewGuid().ToString("N"));
        // The test assembly has no migrations of its own: only the platform's are applied.
        await new DatabaseMigrator(Source(), _connectionString, typeof(DurableTimerTests).Assembly, NullLogger<DatabaseMigrator>.Instance)
            .StartAsync(CancellationToken.None);
        await using var connection = await Source().OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("create table effects (timer_id uuid not null, subject text not null, worker text not null)");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_fire_a_due_timer_once_when_two_instances_race_and_commit_the_handlers_work_with_it()
    {
        await ScheduleAsync("term-end", "member-1", Start.AddMinutes(30));
        await ScheduleAsync("term-end", "member-2", Start.AddMinutes(30));
        var first = Worker("a");
        var second = Worker("b");

        Assert.Equal(0, await first.FireDueAsync(TestContext.Current.CancellationToken));
        _clock.Advance(TimeSpan.FromMinutes(30));
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(first.FireDueAsync(TestContext.Current.CancellationToken), second.FireDueAsync(TestContext.Current.CancellationToken));
        }

        var effects = await EffectsAsync();
        Assert.Equal(["member-1", "member-2"], effects.Select(e => e.Subject).Order());
        Assert.Equal(2, effects.Select(e => e.TimerId).Distinct().Count());
        await using var connection = await Source().OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from durable_timers where fired_at is not null and attempts = 1"));
    }

    [Fact]
    public async Task Should_keep_the_first_of_two_schedules_of_one_kind_and_subject_and_not_fire_a_cancelled_one()
    {
        Assert.True(await ScheduleAsync("publicity-window", "notice-7", Start.AddHours(1)));
        Assert.False(await ScheduleAsync("publicity-window", "notice-7", Start.AddHours(5)));
        await using (var connection = await Source().OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            var pending = await DurableTimers.FindPendingAsync(connection, "publicity-window", "notice-7", TestContext.Current.CancellationToken);
            Assert.Equal(Start.AddHours(1), pending!.DueAtUtc);
        }
        Assert.True(await ScheduleAsync("term-end", "notice-7", Start.AddHours(1)));
        await InTransactionAsync(t => DurableTimers.CancelAsync(t, "term-end", "notice-7"));

        _clock.Advance(TimeSpan.FromHours(2));
        await Worker("a").FireDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal([("publicity-window", "notice-7")], (await EffectsAsync()).Select(e => (e.Kind, e.Subject)));
        // Once fired, the same kind and subject may be scheduled again (a recurring run schedules its next).
        Assert.True(await ScheduleAsync("publicity-window", "notice-7", Start.AddHours(30)));
    }

    [Fact]
    public async Task Should_roll_back_a_failing_handlers_work_count_the_attempt_and_try_again_later_without_holding_up_others()
    {
        await ScheduleAsync("term-end", "fails-once", Start);
        await ScheduleAsync("term-end", "member-3", Start);
        var worker = Worker("a", failFirst: "fails-once");

        await worker.FireDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["member-3"], (await EffectsAsync()).Select(e => e.Subject));
        await using (var connection = await Source().OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            var pending = await DurableTimers.FindPendingAsync(connection, "term-end", "fails-once", TestContext.Current.CancellationToken);
            Assert.Equal(1, pending!.Attempts);
            Assert.Equal(Start.AddSeconds(5), pending.DueAtUtc);
            Assert.Contains("first attempt fails", await connection.ExecuteScalarAsync<string>("select last_error from durable_timers where subject = 'fails-once'"));
        }

        _clock.Advance(TimeSpan.FromSeconds(5));
        await worker.FireDueAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["fails-once", "member-3"], (await EffectsAsync()).Select(e => e.Subject).Order());
    }

    [Fact]
    public async Task Should_leave_timers_of_a_kind_no_handler_knows_for_the_service_that_knows_it()
    {
        await ScheduleAsync("daily-dispatch", "2026-03-02", Start);
        Assert.Equal(0, await Worker("a").FireDueAsync(TestContext.Current.CancellationToken));
        await using var connection = await Source().OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(await DurableTimers.FindPendingAsync(connection, "daily-dispatch", "2026-03-02", TestContext.Current.CancellationToken));
    }

    private NpgsqlDataSource Source()
    {
        var source = NpgsqlDataSource.Create(_connectionString);
        _sources.Add(source);
        return source;
    }

    private DurableTimerWorker Worker(string name, string? failFirst = null) =>
        new(Source(), [new RecordingHandler("term-end", name, failFirst), new RecordingHandler("publicity-window", name, null)],
            new Outbox(new OutboxSignal()), _clock, Options.Create(new DurableTimerOptions()), NullLogger<DurableTimerWorker>.Instance);

    private Task<bool> ScheduleAsync(string kind, string subject, DateTimeOffset due) =>
        InTransactionAsync(t => DurableTimers.ScheduleAsync(t, kind, subject, due, new { subject }));

    private async Task<T> InTransactionAsync<T>(Func<NpgsqlTransaction, Task<T>> action)
    {
        await using var connection = await Source().OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await action(transaction);
        await transaction.CommitAsync();
        return result;
    }

    private async Task<IReadOnlyList<(Guid TimerId, string Kind, string Subject)>> EffectsAsync()
    {
        await using var connection = await Source().OpenConnectionAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<(Guid, string, string)>(
            "select e.timer_id, t.kind, e.subject from effects e join durable_timers t on t.id = e.timer_id")).ToList();
    }

    /// <summary>Writes an effect row in the firing transaction; optionally fails its first attempt at one subject after writing.</summary>
    private sealed class RecordingHandler(string kind, string worker, string? failFirst) : IDurableTimerHandler
    {
        public string Kind => kind;

        public async Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct)
        {
            Assert.Equal(timer.Subject, timer.Payload.GetProperty("subject").GetString());
            await transaction.ExecuteAsync("insert into effects (timer_id, subject, worker) values (@id, @subject, @worker)",
                new { id = timer.Id, subject = timer.Subject, worker }, ct);
            if (timer.Subject == failFirst && timer.Attempts == 1)
            {
                throw new InvalidOperationException("first attempt fails");
            }
        }
    }
}
