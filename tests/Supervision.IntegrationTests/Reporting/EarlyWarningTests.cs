using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using Supervision.Testing;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// Early warnings through the real API: three reports in one half-year about 兖州区's organization department cadre c-0093
/// (used by no other test) fire the data's rule once; an oversight officer records the reminder talk once; the warning
/// and the talk show in the cadre's ledger. Every method against no token, a wrong role, another county and the right caller.
/// </summary>
public sealed class EarlyWarningTests(PlatformFixture platform)
{
    private const string Cadre = "c-0093";
    private static readonly Metadata Officer = PlatformFixture.StaffHeaders("370812", Roles.OversightOfficer);
    private static readonly Metadata Auditor = PlatformFixture.StaffHeaders("370812", Roles.Auditor);
    private static readonly Metadata Handler = PlatformFixture.StaffHeaders("370812", Roles.Handler);
    private static readonly Metadata OtherCounty = PlatformFixture.StaffHeaders("370811", Roles.OversightOfficer, Roles.Auditor);

    private static string Today => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Should_fire_once_for_three_reports_and_record_the_reminder_talk_once_in_the_ledger()
    {
        var warning = await WarnedAsync();
        Assert.Equal(("reports-in-half-year", ReminderTalkState.Planned, "370812"), (warning.RuleId, warning.TalkState, warning.DivisionCode));
        var chinese = await platform.Warnings.ListEarlyWarningsAsync(new ListEarlyWarningsRequest { CadreId = Cadre }, Chinese(PlatformFixture.StaffHeaders("370812", Roles.Auditor)));
        Assert.StartsWith("预警（规则 reports-in-half-year）：", Assert.Single(chinese.Warnings).Text);
        Assert.Equal("拟谈话", chinese.Warnings[0].TalkStateName);

        var planned = await platform.Warnings.ListEarlyWarningsAsync(new ListEarlyWarningsRequest
        {
            DivisionCode = "370812", TalkState = ReminderTalkState.Planned, PageSize = 100,
        }, Auditor);
        Assert.All(planned.Warnings, w => Assert.Equal(ReminderTalkState.Planned, w.TalkState));

        var recorded = await platform.Warnings.RecordReminderTalkAsync(new RecordReminderTalkRequest
        {
            WarningId = warning.WarningId, Outcome = ReminderTalkState.Held, Notes = "指出信访反映的问题，要求自查自纠", HeldOn = Today,
        }, Officer);
        Assert.Equal((ReminderTalkState.Held, Today, "指出信访反映的问题，要求自查自纠"), (recorded.TalkState, recorded.TalkHeldOn, recorded.TalkNotes));
        Assert.NotEmpty(recorded.TalkDecidedBy);

        var again = await Assert.ThrowsAsync<RpcException>(() => platform.Warnings.RecordReminderTalkAsync(new RecordReminderTalkRequest
        {
            WarningId = warning.WarningId, Outcome = ReminderTalkState.Declined, Notes = "再次记录",
        }, Chinese(PlatformFixture.StaffHeaders("370812", Roles.OversightOfficer))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.StartsWith("该谈话提醒已于", again.Status.Detail);

        var ledger = await platform.Ledger.ListLedgerEntriesAsync(new ListLedgerEntriesRequest
        {
            Filter = new LedgerFilter { CadreId = Cadre, Sources = { LedgerSource.Warning } },
        }, Auditor);
        Assert.Equal(["early-warning", "reminder-talk-held"], ledger.Entries.Select(e => e.Kind).Order());
        Assert.Contains(ledger.Entries, e => e.Text.StartsWith($"Reminder talk held on {Today}", StringComparison.Ordinal));
        Assert.Equal(ReminderTalkState.Held, (await platform.Warnings.ListEarlyWarningsAsync(new ListEarlyWarningsRequest
        {
            CadreId = Cadre, TalkState = ReminderTalkState.Held,
        }, Auditor)).Warnings.Single().TalkState);
    }

    [Fact]
    public async Task Should_let_only_the_right_caller_read_and_record()
    {
        var list = new ListEarlyWarningsRequest { DivisionCode = "370812" };
        var record = new RecordReminderTalkRequest { WarningId = Guid.NewGuid().ToString(), Outcome = ReminderTalkState.Declined, Notes = "不谈" };

        Assert.Equal(StatusCode.Unauthenticated, await StatusOfAsync(platform.Warnings.ListEarlyWarningsAsync(list).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated, await StatusOfAsync(platform.Warnings.RecordReminderTalkAsync(record).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync(platform.Warnings.ListEarlyWarningsAsync(list, Handler).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync(platform.Warnings.RecordReminderTalkAsync(record, Handler).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync(platform.Warnings.RecordReminderTalkAsync(record, Auditor).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync(platform.Warnings.ListEarlyWarningsAsync(list, OtherCounty).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync(platform.Warnings.ListEarlyWarningsAsync(
            new ListEarlyWarningsRequest { CadreId = Cadre }, OtherCounty).ResponseAsync));
        Assert.Equal(StatusCode.OK, await StatusOfAsync(platform.Warnings.ListEarlyWarningsAsync(list, Auditor).ResponseAsync));
        Assert.Equal(StatusCode.OK, await StatusOfAsync(platform.Warnings.ListEarlyWarningsAsync(list, PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer)).ResponseAsync));
        // The right caller with an unknown warning: not found, after every check of the caller passed.
        Assert.Equal(StatusCode.NotFound, await StatusOfAsync(platform.Warnings.RecordReminderTalkAsync(record, Officer).ResponseAsync));

        var warning = await WarnedAsync();
        var mine = new RecordReminderTalkRequest { WarningId = warning.WarningId, Outcome = ReminderTalkState.Declined, Notes = "不谈" };
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync(platform.Warnings.RecordReminderTalkAsync(mine, OtherCounty).ResponseAsync));
    }

    [Fact]
    public async Task Should_name_each_bad_field()
    {
        async Task<IReadOnlyDictionary<string, string>> ListViolationsAsync(ListEarlyWarningsRequest request) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Warnings.ListEarlyWarningsAsync(request, Auditor).ResponseAsync));
        async Task<IReadOnlyDictionary<string, string>> RecordViolationsAsync(RecordReminderTalkRequest request) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Warnings.RecordReminderTalkAsync(request, Officer).ResponseAsync));
        var id = Guid.NewGuid().ToString();
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains("division_code", (await ListViolationsAsync(new ListEarlyWarningsRequest { DivisionCode = "999999" })).Keys);
        Assert.Equal("unknown cadre 'c-9999'", (await ListViolationsAsync(new ListEarlyWarningsRequest { CadreId = "c-9999" }))["cadre_id"]);
        Assert.Contains("REMINDER_TALK_STATE_PLANNED", (await ListViolationsAsync(new ListEarlyWarningsRequest { TalkState = (ReminderTalkState)9 }))["talk_state"]);
        Assert.Contains("page_size", (await ListViolationsAsync(new ListEarlyWarningsRequest { PageSize = 101 })).Keys);
        Assert.Contains("warning_id", (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = "w-1", Outcome = ReminderTalkState.Declined, Notes = "n" })).Keys);
        Assert.Contains("REMINDER_TALK_STATE_HELD", (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = id, Outcome = ReminderTalkState.Planned, Notes = "n" }))["outcome"]);
        Assert.Contains("notes", (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = id, Outcome = ReminderTalkState.Declined, Notes = " " })).Keys);
        Assert.Contains("notes", (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = id, Outcome = ReminderTalkState.Declined, Notes = new string('谈', 2001) })).Keys);
        Assert.Equal("required", (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = id, Outcome = ReminderTalkState.Held, Notes = "n" }))["held_on"]);
        Assert.Equal("must not be after today",
            (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = id, Outcome = ReminderTalkState.Held, Notes = "n", HeldOn = tomorrow }))["held_on"]);
        Assert.Contains("held_on", (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = id, Outcome = ReminderTalkState.Held, Notes = "n", HeldOn = "2026-02-30" })).Keys);
        Assert.Equal("only a talk that was held has a day",
            (await RecordViolationsAsync(new RecordReminderTalkRequest { WarningId = id, Outcome = ReminderTalkState.Declined, Notes = "n", HeldOn = Today }))["held_on"]);
    }

    /// <summary>
    /// The cadre's warning: three reports about him this half-year fire it (both scenarios of this class may send them; the
    /// rule fires once per half-year, so whoever comes second finds it).
    /// </summary>
    private async Task<EarlyWarning> WarnedAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            var report = Reports.Anonymous(division: "370812");
            report.Subjects.Clear();
            report.Subjects.Add(new Supervision.Intake.V1.Subject { CadreId = Cadre });
            await platform.Public.SubmitReportAsync(report, PlatformFixture.StaffHeaders("370812", Roles.IntakeClerk));
        }
        var warnings = await Eventually.ReachedAsync(() => platform.Warnings.ListEarlyWarningsAsync(new ListEarlyWarningsRequest { CadreId = Cadre }, Auditor).ResponseAsync,
            l => l.Warnings.Any(w => w.RuleId == "reports-in-half-year"), "the early warning");
        return Assert.Single(warnings.Warnings);
    }
}
