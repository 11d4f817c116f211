using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Openness;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Pre-appointment publicity on a real database and an injected clock: the window counts working days, ends on a durable
/// timer that fires once with two instances, and the appointment stays held while any objection or report about the cadre
/// is open, moving between held and cleared as reports arrive and cases close, then appointed or withdrawn.
/// </summary>
public sealed class AppointmentPublicityTests(TestServers servers) : IAsyncLifetime
{
    /// <summary>刘明浩, a bureau director of 370830.</summary>
    private const string Cadre = "c-0245";

    private readonly FakeTimeProvider _clock = new(At(11, 26, 10));
    private readonly Outbox _outbox = new(new OutboxSignal());
    private ReportingDatabase _db = null!;
    private AppointmentPublicity _publicity = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        _publicity = new AppointmentPublicity(Schedule, new OpennessOptions(), _outbox, _clock);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static DispatchSchedule Schedule => new(TestData.Calendar, TestData.Dispatch);

    [Theory]
    // Thursday: Friday, Monday to Thursday of the next week.
    [InlineData("2026-11-26T10:00:00+08:00", 5, "2026-12-04T00:00:00+08:00")]
    // Before the National Day holidays: 30 September, 8, 9, 10 (a Saturday made up) and 12 October.
    [InlineData("2026-09-29T16:00:00+08:00", 5, "2026-10-13T00:00:00+08:00")]
    // A Saturday: from Monday; seven working days when configured so.
    [InlineData("2026-11-28T09:00:00+08:00", 7, "2026-12-09T00:00:00+08:00")]
    public void Should_count_the_window_in_working_days(string opened, int days, string ends) =>
        Assert.Equal(DateTimeOffset.Parse(ends),
            new AppointmentPublicity(Schedule, new OpennessOptions { ObjectionWorkingDays = days }, _outbox, _clock).WindowEnd(DateTimeOffset.Parse(opened)));

    [Fact]
    public async Task Should_hold_through_a_report_and_an_objection_and_clear_when_both_are_closed()
    {
        var row = await OpenAsync("key-publicity-000001");
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 0, 0, 0, Beijing), AppointmentPublicity.Utc(row.WindowEndsAt));

        // During the window: a report about the cadre comes in, then an objection goes to intake.
        var report = new CaseEvents("u-370830-natural-resources");
        await LogAsync(About(report, At(11, 27, 9)));
        var objection = new CaseEvents("u-370830-natural-resources");
        await _db.InTransactionAsync(async t =>
        {
            await _publicity.RecordObjectionAsync(t, row, objection.ReportId, "370830-2026-000002", CancellationToken.None);
            await _publicity.RecordObjectionAsync(t, row, objection.ReportId, "370830-2026-000002", CancellationToken.None);
            return true;
        });
        Assert.Equal(new PublicityHolds(true, 2, 1, 1), await HoldsAsync(row.PublicityId));
        var early = await Assert.ThrowsAsync<DomainRuleException>(() => DecideAsync(row.PublicityId, appoint: true));
        Assert.Equal("the appointment is held until the objection window ends at 2026-12-04 00:00", early.Message);

        // The window ends: two instances' workers, one firing; still held by the two open reports.
        _clock.SetUtcNow(At(12, 4, 0, 1));
        var fired = await Task.WhenAll(Worker().FireDueAsync(CancellationToken.None), Worker().FireDueAsync(CancellationToken.None));
        Assert.Equal(1, fired.Sum());
        Assert.Equal((AppointmentPublicity.Held, true), await StatusAsync(row.PublicityId));
        Assert.Equal(new PublicityHolds(false, 2, 1, 1), await HoldsAsync(row.PublicityId));
        var objectionLate = Assert.Throws<DomainRuleException>(() => _publicity.RequireWindowOpen(row));
        Assert.Equal("the objection window ended at 2026-12-04 00:00; no objection can be made now", objectionLate.Message);

        // The report's case closes: the objection still holds it. The objection reaches the log as intake's report: counted once.
        await LogAsync(Closed(report, At(12, 5, 9)));
        await LogAsync(About(objection, At(12, 5, 10)));
        Assert.Equal(new PublicityHolds(false, 1, 1, 1), await HoldsAsync(row.PublicityId));
        Assert.Equal(AppointmentPublicity.Held, (await StatusAsync(row.PublicityId)).Status);
        var held = await Assert.ThrowsAsync<DomainRuleException>(() => DecideAsync(row.PublicityId, appoint: true));
        Assert.Equal("the appointment is held: 1 reports about the cadre are still open (1 of them objections)", held.Message);

        await LogAsync(Closed(objection, At(12, 8, 9)));
        Assert.Equal(AppointmentPublicity.Cleared, (await StatusAsync(row.PublicityId)).Status);

        // A new report holds it again until its case closes; then the cadre is appointed, once.
        var late = new CaseEvents("u-370830-natural-resources");
        await LogAsync(About(late, At(12, 8, 15)));
        Assert.Equal(AppointmentPublicity.Held, (await StatusAsync(row.PublicityId)).Status);
        await LogAsync(Closed(late, At(12, 9, 9)));
        Assert.Equal(AppointmentPublicity.Cleared, (await StatusAsync(row.PublicityId)).Status);
        Assert.Equal(AppointmentPublicity.Appointed, (await DecideAsync(row.PublicityId, appoint: true))!.Status);
        var twice = await Assert.ThrowsAsync<DomainRuleException>(() => DecideAsync(row.PublicityId, appoint: false));
        Assert.Equal("the appointment was already appointed; it cannot be decided again", twice.Message);

        Assert.Equal(["PublicityOpened", "PublicityObjectionReferred", "PublicityWindowClosed", "AppointmentCleared", "AppointmentHeld", "AppointmentCleared",
            "AppointmentMade"], await EventsAsync());
    }

    [Fact]
    public async Task Should_clear_at_the_end_of_a_quiet_window_and_ignore_reports_about_other_cadres()
    {
        var row = await OpenAsync("key-publicity-000002");
        var other = new CaseEvents("u-370830-education");
        await LogAsync(About(other, At(11, 27, 9), "c-0246"));
        _clock.SetUtcNow(At(12, 4, 8));
        Assert.Equal(1, await Worker().FireDueAsync(CancellationToken.None));
        Assert.Equal((AppointmentPublicity.Cleared, true), await StatusAsync(row.PublicityId));
        // One transaction: the window closed and the appointment cleared together.
        Assert.Equal(["PublicityOpened", "AppointmentCleared", "PublicityWindowClosed"], await EventsAsync());
    }

    [Fact]
    public async Task Should_withdraw_during_the_window_and_cancel_its_timer()
    {
        var row = await OpenAsync("key-publicity-000003");
        Assert.Equal(row.PublicityId, (await OpenAsync("key-publicity-000003")).PublicityId);
        var withdrawn = await DecideAsync(row.PublicityId, appoint: false);
        Assert.Equal((AppointmentPublicity.Withdrawn, "本人因健康原因申请不再拟任"), (withdrawn!.Status, withdrawn.DecisionReason));
        _clock.SetUtcNow(At(12, 5, 8));
        Assert.Equal(0, await Worker().FireDueAsync(CancellationToken.None));
        Assert.Equal(["PublicityOpened", "AppointmentWithdrawn"], await EventsAsync());
    }

    [Fact]
    public async Task Should_refuse_a_publicity_for_a_selection_that_has_not_voted()
    {
        var selection = new CompetitiveSelection(new OpennessOptions(), _outbox, _clock);
        var vacancy = await _db.InTransactionAsync(async t => (await selection.PublishAsync(t,
            new VacancyPlan("u-370830-natural-resources", "370830", "局长", 1, "要求", "方式", "程序"), "officer", "key-vacancy-0000001", [1], CancellationToken.None))!);
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => OpenAsync("key-publicity-000004", vacancy.VacancyId));
        Assert.Equal($"the selection for vacancy {vacancy.VacancyId} has not concluded with its vote", refused.Message);
    }

    private Task<PublicityRow> OpenAsync(string key, Guid? vacancyId = null) =>
        _db.InTransactionAsync(async t => (await _publicity.OpenAsync(t, new PublicityPlan(Cadre, "u-370830-natural-resources", "370830", "县自然资源局局长",
            "男，1978年生，大学学历", "近三年年度考核均为优秀", "微山县夏镇街道奎文社区", vacancyId), "officer", key, [1], CancellationToken.None))!);

    private Task<PublicityRow?> DecideAsync(Guid publicityId, bool appoint) =>
        _db.InTransactionAsync(t => _publicity.DecideAsync(t, publicityId, appoint, appoint ? null : "本人因健康原因申请不再拟任", "officer", CancellationToken.None));

    private Task<PublicityHolds> HoldsAsync(Guid publicityId) =>
        _db.InTransactionAsync(async t => await _publicity.HoldsAsync(t, (await PublicityStore.FindAsync(t, publicityId, false, CancellationToken.None))!,
            CancellationToken.None));

    private Task<(string Status, bool WindowClosed)> StatusAsync(Guid publicityId) =>
        _db.InTransactionAsync(async t => (await PublicityStore.FindAsync(t, publicityId, false, CancellationToken.None)) is { } row
            ? (row.Status, row.WindowClosed)
            : throw new InvalidOperationException("no publicity"));

    /// <summary>As the event log consumer does: log the event and review the publicities in one transaction.</summary>
    private Task<bool> LogAsync<TEvent>(TEvent message) where TEvent : class =>
        _db.InTransactionAsync(async t =>
        {
            var recorded = await EventLog.RecordAsync(t, Guid.NewGuid(), message, CancellationToken.None);
            await _publicity.ReviewAsync(t, message, CancellationToken.None);
            return recorded;
        });

    private async Task<string[]> EventsAsync() =>
        (await _db.InTransactionAsync(t => t.ListAsync<string>("select message_type from outbox_messages order by created_at, message_type", null, CancellationToken.None)))
        .Select(type => type[(type.LastIndexOf('.') + 1)..]).ToArray();

    private DurableTimerWorker Worker() =>
        new(_db.NewDataSource(), [new PublicityWindowTimer(_publicity, NullLogger<PublicityWindowTimer>.Instance)], _outbox, _clock,
            Options.Create(new DurableTimerOptions()), NullLogger<DurableTimerWorker>.Instance);

    private static ReportReceived About(CaseEvents report, DateTimeOffset at, string cadre = Cadre) =>
        report.Received(at, ReportChannel.Online, "370830") with { Subjects = [new ReportSubject { CadreId = cadre }] };

    private static CaseClosed Closed(CaseEvents report, DateTimeOffset at) => new()
    {
        CaseId = report.CaseId, ReportIds = [report.ReportId], Reason = "feedback accepted", At = at,
    };
}
