using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Dispatch;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;
using static Supervision.Reporting.Tests.Database.HandCountedWeek;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// The head's two-way interviews on a real database and an injected clock: scheduled once per idempotency key, recorded
/// once (not as held before their time), and the next daily dispatch lists the day's interviews and the follow-ups.
/// </summary>
public sealed class TwoWayInterviewTests(TestServers servers) : IAsyncLifetime
{
    /// <summary>邹城市委书记, in 370883.</summary>
    private const string ZouchengSecretary = "c-0351";

    private readonly FakeTimeProvider _clock = new(At(11, 25, 9));
    private ReportingDatabase _db = null!;
    private TwoWayInterviews _interviews = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        _interviews = new TwoWayInterviews(Schedule, _clock);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static DispatchSchedule Schedule => new(TestData.Calendar, TestData.Dispatch);

    [Fact]
    public async Task Should_schedule_once_per_key_and_refuse_the_key_for_another_request()
    {
        var plan = Plan(TwoWayInterviews.Head, ZouchengSecretary, null, "370883", At(11, 26, 10), "换届风气");
        var first = await ScheduleAsync(plan, "key-0000000000000001", [1, 2, 3]);
        var retried = await ScheduleAsync(plan, "key-0000000000000001", [1, 2, 3]);
        Assert.Equal(first!.InterviewId, retried!.InterviewId);
        Assert.Null(await ScheduleAsync(plan with { Topic = "另一事由" }, "key-0000000000000001", [9, 9, 9]));
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from head_interviews"));
        Assert.Equal(("scheduled", "370883", "换届风气"), (first.Status, first.DivisionCode, first.Topic));
    }

    [Fact]
    public async Task Should_record_an_outcome_once_and_not_as_held_before_its_time()
    {
        var row = (await ScheduleAsync(Plan(TwoWayInterviews.Requested, null, UnitC, "370811", At(11, 25, 15), "群众反映的窗口作风"), "key-0000000000000002", [2]))!;
        var held = new InterviewOutcome(TwoWayInterviews.Held, "谈了三条意见", "整改窗口排队问题", UnitC, new DateOnly(2026, 12, 10));

        var early = await Assert.ThrowsAsync<DomainRuleException>(() => RecordAsync(row.InterviewId, held));
        Assert.Equal("The interview is scheduled for 2026-11-25 15:00; it cannot be recorded as held before then", early.Message);

        _clock.Advance(TimeSpan.FromHours(7));
        // Two instances record at once: the row lock lets one through, the other finds it recorded.
        var attempts = await Task.WhenAll(TryRecordAsync(row.InterviewId, held), TryRecordAsync(row.InterviewId, held with { Notes = "另一份记录" }));
        Assert.Single(attempts, a => a is not null);
        var again = await Assert.ThrowsAsync<DomainRuleException>(() => RecordAsync(row.InterviewId, held));
        Assert.Equal("The interview was already recorded as held at 2026-11-25 16:00; it cannot be recorded again", again.Message);
        Assert.Equal("整改窗口排队问题", await _db.ScalarAsync<string>("select follow_up from head_interviews"));
        Assert.Null(await _db.InTransactionAsync(t => _interviews.RecordAsync(t, Guid.NewGuid(), held, "officer", CancellationToken.None)));
    }

    [Fact]
    public async Task Should_list_the_days_interviews_and_the_follow_ups_in_the_next_dispatch()
    {
        // Wednesday 09:00: an interview held on Wednesday afternoon, one not held, one for Thursday, one for Friday.
        var wednesday = (await ScheduleAsync(Plan(TwoWayInterviews.Head, ZouchengSecretary, null, "370883", At(11, 25, 14), "换届风气"), "key-0000000000000003", [3]))!;
        var cancelled = (await ScheduleAsync(Plan(TwoWayInterviews.Requested, null, UnitC, "370811", At(11, 25, 16), "窗口作风"), "key-0000000000000004", [4]))!;
        var thursday = (await ScheduleAsync(Plan(TwoWayInterviews.Requested, null, UnitA, "370883", At(11, 26, 10), "办案力量不足"), "key-0000000000000005", [5]))!;
        await ScheduleAsync(Plan(TwoWayInterviews.Head, null, UnitC, "370811", At(11, 27, 10), "整改进度"), "key-0000000000000006", [6]);
        _clock.Advance(TimeSpan.FromHours(6));
        await RecordAsync(wednesday.InterviewId, new InterviewOutcome(TwoWayInterviews.Held, "谈话记录", "核查换届期间的三封来信", UnitA, new DateOnly(2026, 11, 30)));
        await RecordAsync(cancelled.InterviewId, new InterviewOutcome(TwoWayInterviews.NotHeld, "单位负责人出差", null, null, null));

        // Thursday's dispatch at 08:30.
        _clock.SetUtcNow(At(11, 26, 8));
        var dispatches = new DailyDispatches(Schedule, TestData.Directory, _clock);
        var source = _db.NewDataSource();
        await new DailyDispatchStarter(source, dispatches).StartAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await new DurableTimerWorker(source, [new DailyDispatchTimer(dispatches, NullLogger<DailyDispatchTimer>.Instance)], new Outbox(new OutboxSignal()),
            _clock, Options.Create(new DurableTimerOptions()), NullLogger<DurableTimerWorker>.Instance).FireDueAsync(CancellationToken.None);

        var stored = (await _db.InTransactionAsync(t => DispatchStore.FindAsync(t, new DateOnly(2026, 11, 26), CancellationToken.None)))!;
        var content = stored.Read();
        Assert.Equal([thursday.InterviewId], content.InterviewsToday!.Select(i => i.InterviewId));
        Assert.Equal([wednesday.InterviewId, cancelled.InterviewId], content.InterviewFollowUps!.Select(i => i.InterviewId));

        var reading = new DispatchReading(new Figures(TestData.Directory), TestData.Directory, Schedule);
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var city = reading.Read(stored, new StaffCaller("test", new HashSet<string>(), "370800"));
            Assert.Equal("Requested interview: Zoucheng City Commission for Discipline Inspection and Supervisory Commission, 2026-11-26 10:00, about: 办案力量不足",
                Assert.Single(city.InterviewsToday).Text);
            Assert.Equal(2, city.InterviewFollowUps.Count);
            Assert.Equal("核查换届期间的三封来信", city.InterviewFollowUps[0].FollowUp);
            Assert.Equal("2026-11-30", city.InterviewFollowUps[0].FollowUpBy);
            Assert.EndsWith("2026-11-25 14:00) held; follow-up: 核查换届期间的三封来信, by Zoucheng City Commission for Discipline Inspection and Supervisory Commission, due 2026-11-30",
                city.InterviewFollowUps[0].Text);
            Assert.StartsWith("Proactive interview: 贾凯俊 (", city.InterviewFollowUps[0].Text);
            Assert.Equal(V1.InterviewStatus.NotHeld, city.InterviewFollowUps[1].Status);
            Assert.EndsWith("(2026-11-25 16:00) not held: 单位负责人出差", city.InterviewFollowUps[1].Text);
            Assert.Contains("1 interviews today; 2 recorded since the previous dispatch, 1 with a follow-up.", city.Summary);

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            var renCheng = reading.Read(stored, new StaffCaller("test", new HashSet<string>(), "370811"));
            Assert.Empty(renCheng.InterviewsToday);
            Assert.Equal(cancelled.InterviewId.ToString(), Assert.Single(renCheng.InterviewFollowUps).InterviewId);
            Assert.StartsWith("接受约谈：", renCheng.InterviewFollowUps[0].Text);
            Assert.Contains("今日约谈 0 次；上次调度以来记录约谈 1 次，其中有跟进事项 0 次。", renCheng.Summary);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static InterviewPlan Plan(string initiative, string? cadreId, string? unitId, string division, DateTimeOffset at, string topic) =>
        new(initiative, cadreId, unitId, division, at, topic);

    private Task<InterviewRow?> ScheduleAsync(InterviewPlan plan, string key, byte[] hash) =>
        _db.InTransactionAsync(t => _interviews.ScheduleAsync(t, plan, "officer", key, hash, CancellationToken.None));

    private Task<InterviewRow?> RecordAsync(Guid id, InterviewOutcome outcome) =>
        _db.InTransactionAsync(t => _interviews.RecordAsync(t, id, outcome, "officer", CancellationToken.None));

    private async Task<InterviewRow?> TryRecordAsync(Guid id, InterviewOutcome outcome)
    {
        await using var connection = await _db.NewDataSource().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            var row = await _interviews.RecordAsync(transaction, id, outcome, "officer", CancellationToken.None);
            await transaction.CommitAsync();
            return row;
        }
        catch (DomainRuleException)
        {
            return null;
        }
    }
}
