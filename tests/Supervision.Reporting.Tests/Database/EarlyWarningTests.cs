using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Supervision.Contracts;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Contracts.Events.Inspection;
using Supervision.Contracts.Events.Intake;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.ServiceDefaults.Auth;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Early-warning rules of data/reporting on a real database: each fires once per cadre and window, whatever the order,
/// the redeliveries, a rebuild or two instances at once; the reminder talk it proposes is recorded once and shows in the
/// cadre's ledger and the next daily dispatch.
/// </summary>
public sealed class EarlyWarningTests(TestServers servers) : IAsyncLifetime
{
    /// <summary>邹城市委书记 (370883).</summary>
    private const string Cadre = "c-0351";
    private const string OtherCadre = "c-0352";

    private readonly FakeTimeProvider _clock = new(At(12, 1, 9));
    private ReportingDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        var rules = EarlyWarningRules.Load(TestData.Find("data/reporting"));
        await _db.InTransactionAsync(async t =>
        {
            await EarlyWarningStore.ReplaceRulesAsync(t, rules, CancellationToken.None);
            return true;
        });
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static DispatchSchedule Schedule => new(TestData.Calendar, TestData.Dispatch);

    [Fact]
    public void Should_refuse_rules_that_contradict_themselves()
    {
        Assert.Equal(4, EarlyWarningRules.Load(TestData.Find("data/reporting")).Count);
        Assert.NotEmpty(EarlyWarningRules.Problems(new EarlyWarningRule("r", EarlyWarningRule.ReportsKind, 3, 5, [])));
        Assert.NotEmpty(EarlyWarningRules.Problems(new EarlyWarningRule("r", EarlyWarningRule.ReportsKind, 1, 6, [])));
        Assert.NotEmpty(EarlyWarningRules.Problems(new EarlyWarningRule("r", EarlyWarningRule.FindingKind, 0, 0, [])));
        Assert.NotEmpty(EarlyWarningRules.Problems(new EarlyWarningRule("R 1", EarlyWarningRule.FindingKind, 0, 0, ["grave"])));
        Assert.NotEmpty(EarlyWarningRules.Problems(new EarlyWarningRule("r", "mood", 0, 0, ["x"])));
        Assert.Empty(EarlyWarningRules.Problems(new EarlyWarningRule("r", EarlyWarningRule.ReportsKind, 3, 6, [])));
        Assert.Equal((new DateOnly(2026, 7, 1), new DateOnly(2027, 1, 1)),
            new EarlyWarningRule("r", EarlyWarningRule.ReportsKind, 3, 6, []).Period(new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public async Task Should_fire_the_reports_rule_once_at_the_third_report_of_the_half_year()
    {
        await _db.RecordAllAsync([Report(At(7, 2, 9)), Report(At(11, 20, 9))]);
        Assert.Empty(await WarningsAsync());

        var third = Report(At(12, 31, 23, 30));
        await _db.RecordAllAsync([third, Report(At(12, 31, 20)), Report(new DateTimeOffset(2027, 1, 1, 0, 30, 0, Beijing))]);

        var warning = Assert.Single(await WarningsAsync());
        Assert.Equal(("reports-in-half-year", Cadre, "2026-07", EarlyWarningChecks.Planned), (warning.RuleId, warning.SubjectId, warning.WindowKey, warning.TalkState));
        Assert.Equal(["reports", "3", "2026-07-01", "2026-12-31"], warning.Args);
        Assert.Equal(third.ReceivedAt.UtcDateTime, warning.RaisedAt);
        Assert.Equal(EarlyWarningChecks.WarningId("reports-in-half-year", Cadre, "2026-07"), warning.WarningId);
    }

    [Fact]
    public async Task Should_count_with_two_instances_one_after_the_other()
    {
        await _db.RecordAllAsync([Report(At(9, 1, 9))]);
        // The second and third reports arrive at once on two instances: the lock per cadre makes one count after the other.
        var second = _db.NewDataSource();
        var third = _db.NewDataSource();
        await Task.WhenAll(RecordOnAsync(second, Report(At(9, 2, 9))), RecordOnAsync(third, Report(At(9, 3, 9))));

        Assert.Single(await WarningsAsync());
    }

    [Fact]
    public async Task Should_fire_a_substantiated_case_whatever_the_order_and_not_an_unsubstantiated_one()
    {
        var substantiated = new CaseEvents("u-370883-discipline");
        var unsubstantiated = new CaseEvents("u-370883-discipline");
        await _db.RecordAllAsync([substantiated.Concluded(At(11, 12, 10), "partly substantiated"), unsubstantiated.Concluded(At(11, 12, 11), "unsubstantiated")]);
        Assert.Empty(await WarningsAsync());

        await _db.RecordAllAsync([
            Report(At(11, 10, 9), substantiated.ReportId), substantiated.Opened(At(11, 10, 10)),
            Report(At(11, 10, 9), unsubstantiated.ReportId), unsubstantiated.Opened(At(11, 10, 10)),
        ]);

        var warning = Assert.Single(await WarningsAsync());
        Assert.Equal(("substantiated-case", substantiated.CaseId.ToString()), (warning.RuleId, warning.WindowKey));
        Assert.Equal(["case-outcome", "partly substantiated"], warning.Args);
        Assert.Equal(At(11, 12, 10).UtcDateTime, warning.RaisedAt);
    }

    [Fact]
    public async Task Should_fire_a_serious_finding_and_a_bottom_ten_place_but_not_a_minor_finding_or_a_citation()
    {
        await _db.RecordAllAsync([Finding("grave"), Finding("minor")]);
        await _db.InTransactionAsync(t => EventLog.RecordAsync(t, Guid.NewGuid(), Consequence("warning-bulletin", OtherCadre), CancellationToken.None, At(11, 20, 9)));
        await _db.InTransactionAsync(t => EventLog.RecordAsync(t, Guid.NewGuid(), Consequence("merit-citation", Cadre), CancellationToken.None, At(11, 20, 9)));

        Assert.Equal(["serious-finding"], (await WarningsAsync()).Select(w => w.RuleId));
        var bottom = Assert.Single(await WarningsAsync(OtherCadre));
        Assert.Equal(("bottom-ten", At(11, 20, 9).UtcDateTime), (bottom.RuleId, bottom.RaisedAt));
        Assert.Equal(["cadre-consequence", "warning-bulletin", "37", "37"], bottom.Args);
        var ledger = await LedgerAsync(OtherCadre);
        Assert.Equal(["cadre-consequence", "early-warning"], ledger.Select(e => e.Kind).Order());
        Assert.Equal("Early warning (rule bottom-ten): Named in the warning bulletin (bottom ten) (ranked 37 of 37 cadres); a reminder talk is proposed",
            Languages.In("en", () => new LedgerReading(TestData.Directory).Text(ledger.Single(e => e.Kind == "early-warning"))));
    }

    [Fact]
    public async Task Should_record_a_talk_once_show_it_in_the_ledger_and_keep_both_after_a_redelivery_and_a_rebuild()
    {
        var messageId = Guid.NewGuid();
        var finding = Finding("serious");
        Assert.True(await _db.RecordAsync(finding, messageId));
        Assert.False(await _db.RecordAsync(finding, messageId));
        var warning = Assert.Single(await WarningsAsync());
        var talks = new ReminderTalks(Schedule, _clock);

        var early = await Assert.ThrowsAsync<DomainRuleException>(() => RecordTalkAsync(talks, warning.WarningId,
            new ReminderTalkOutcome(EarlyWarningChecks.Held, "谈话提醒", new DateOnly(2026, 11, 12))));
        Assert.Equal("The talk's day 2026-11-12 is before the warning's day 2026-11-13", early.Message);
        var attempts = await Task.WhenAll(TryRecordTalkAsync(talks, warning.WarningId, new ReminderTalkOutcome(EarlyWarningChecks.Held, "指出问题，要求整改", new DateOnly(2026, 11, 30))),
            TryRecordTalkAsync(talks, warning.WarningId, new ReminderTalkOutcome(EarlyWarningChecks.Declined, "另一份记录", null)));
        var recorded = Assert.Single(attempts, a => a is not null)!;
        var again = await Assert.ThrowsAsync<DomainRuleException>(() => RecordTalkAsync(talks, warning.WarningId,
            new ReminderTalkOutcome(EarlyWarningChecks.Declined, "再次记录", null)));
        Assert.StartsWith("该谈话提醒已于 2026-12-01 09:00 记录为", again.In(CultureInfo.GetCultureInfo("zh-Hans")));
        Assert.Null(await RecordTalkAsync(talks, Guid.NewGuid(), new ReminderTalkOutcome(EarlyWarningChecks.Declined, "x", null)));

        var before = await LedgerAsync(Cadre);
        Assert.Equal("reminder-talk-" + recorded.TalkState, before[0].Kind);
        Assert.Equal(["early-warning", "finding"], before.Skip(1).Select(e => e.Kind).Order());
        var rebuilt = await _db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));
        Assert.Equal(1, rebuilt.Events);
        var after = await LedgerAsync(Cadre);
        Assert.Equal(before.Select(e => (e.EntryId, e.Kind, e.OccurredAt, string.Join('|', e.Args))),
            after.Select(e => (e.EntryId, e.Kind, e.OccurredAt, string.Join('|', e.Args))));
        Assert.Equal([(warning.WarningId, recorded.TalkState)], (await WarningsAsync()).Select(w => (w.WarningId, w.TalkState)));
    }

    [Fact]
    public async Task Should_list_open_and_recorded_talks_in_the_next_dispatch()
    {
        await _db.RecordAllAsync([Finding("serious")]);
        await _db.InTransactionAsync(t => EventLog.RecordAsync(t, Guid.NewGuid(), Consequence("warning-bulletin", OtherCadre), CancellationToken.None, At(11, 20, 9)));
        var (open, held) = ((await WarningsAsync(OtherCadre)).Single(), (await WarningsAsync()).Single());
        _clock.SetUtcNow(At(12, 1, 15));
        await RecordTalkAsync(new ReminderTalks(Schedule, _clock), held.WarningId, new ReminderTalkOutcome(EarlyWarningChecks.Held, "谈话提醒", new DateOnly(2026, 12, 1)));

        _clock.SetUtcNow(At(12, 2, 8, 31));
        var dispatches = new DailyDispatches(Schedule, TestData.Directory, _clock);
        Assert.True(await _db.InTransactionAsync(t => dispatches.GenerateAsync(t, new DateOnly(2026, 12, 2), CancellationToken.None)));
        var stored = (await _db.InTransactionAsync(t => DispatchStore.FindAsync(t, new DateOnly(2026, 12, 2), CancellationToken.None)))!;
        Assert.Equal([open.WarningId], stored.Read().ReminderTalksOpen!.Select(w => w.WarningId));
        Assert.Equal([held.WarningId], stored.Read().ReminderTalksRecorded!.Select(w => w.WarningId));

        var reading = new DispatchReading(new Figures(TestData.Directory), TestData.Directory, Schedule);
        var city = Languages.In("en", () => reading.Read(stored, new StaffCaller("test", new HashSet<string>(), "370800")));
        Assert.Equal(V1.ReminderTalkState.Held, Assert.Single(city.ReminderTalksRecorded).TalkState);
        Assert.Equal("2026-12-01", city.ReminderTalksRecorded[0].TalkHeldOn);
        Assert.Contains("Reminder talks: 1 planned, 1 recorded since the previous dispatch", city.Summary);
        var elsewhere = reading.Read(stored, new StaffCaller("test", new HashSet<string>(), "370811"));
        Assert.Empty(elsewhere.OpenReminderTalks);
        Assert.Empty(elsewhere.ReminderTalksRecorded);
    }

    private static ReportReceived Report(DateTimeOffset at, Guid? reportId = null) => new CaseEvents("u-370883-discipline").Received(at, ReportChannel.Letter, "370883") with
    {
        ReportId = reportId ?? Guid.NewGuid(), Subjects = [new ReportSubject { CadreId = Cadre }],
    };

    private static FindingRecorded Finding(string severity) => new()
    {
        FindingId = Guid.NewGuid(), TourId = Guid.NewGuid(), Category = "形式主义、官僚主义", Severity = severity, CadreIds = [Cadre], UnitIds = [],
        At = At(11, 13, 15),
    };

    private static CadreConsequenceApplied Consequence(string consequence, string cadre) => new()
    {
        ConsequenceId = Guid.NewGuid(), SessionId = Guid.NewGuid(), CadreId = cadre, UnitId = "u-370883-gov", Consequence = consequence, Rank = 37,
        RankedCadres = 37, Score = 55.5,
    };

    private static async Task RecordOnAsync(Npgsql.NpgsqlDataSource source, ReportReceived report)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await EventLog.RecordAsync(transaction, Guid.NewGuid(), report, CancellationToken.None);
        await Task.Delay(200);
        await transaction.CommitAsync();
    }

    private Task<EarlyWarningRow?> RecordTalkAsync(ReminderTalks talks, Guid id, ReminderTalkOutcome outcome) =>
        _db.InTransactionAsync(t => talks.RecordAsync(t, id, outcome, "officer", CancellationToken.None));

    private async Task<EarlyWarningRow?> TryRecordTalkAsync(ReminderTalks talks, Guid id, ReminderTalkOutcome outcome)
    {
        try
        {
            await using var connection = await _db.NewDataSource().OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var row = await talks.RecordAsync(transaction, id, outcome, "officer", CancellationToken.None);
            await transaction.CommitAsync();
            return row;
        }
        catch (DomainRuleException)
        {
            return null;
        }
    }

    private Task<IReadOnlyList<EarlyWarningRow>> WarningsAsync(string cadre = Cadre) =>
        _db.InTransactionAsync(t => EarlyWarningStore.ListAsync(t, new EarlyWarningQuery([cadre], null), null, 100, CancellationToken.None));

    private async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string cadre) =>
        (await _db.InTransactionAsync(t => LedgerStore.ListAsync(t, new LedgerQuery(LedgerEntry.Cadre, cadre, [], null, null), null, 100,
            CancellationToken.None))).Select(r => r.ToEntry()).ToList();

}
