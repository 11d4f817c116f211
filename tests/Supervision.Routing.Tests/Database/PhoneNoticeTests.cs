using Supervision.Routing.Localization;
using Supervision.Contracts;
using Supervision.Contracts.Events.Routing;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Routing.V1;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>
/// "1 小时内电话通知承办单位": an election case assigned to a unit is a call for the receiving level's duty officer to make
/// to the unit's duty phone, confirmed within the hour or escalated; the unit's acknowledgement is a separate step.
/// </summary>
public sealed class PhoneNoticeTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_give_the_receiving_levels_duty_officer_the_call_to_the_handling_units_duty_phone()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var intake = TestData.Unit("intake-centre", cadre.DivisionCode);
        await NotificationStore.AddShiftAsync(Db.DataSource, lead.Id, "张值班", "0537-1111111", Opened.AddHours(-1), Opened.AddHours(8),
            CancellationToken.None);

        var caseId = await Db.OpenCaseAsync(ElectionReport(ReportCategory.Discipline, cadre), Opened.AddMinutes(3));

        var notice = Assert.Single(await PendingAsync(intake.Id));
        Assert.Equal((caseId.ToString(), lead.Id, "张值班", "0537-1111111", PhoneNoticeState.Pending, false),
            (notice.CaseId, notice.HandlingUnitId, notice.HandlingDutyOfficer, notice.HandlingDutyPhone, notice.State, notice.Overdue));
        // Counted from receipt, not from when routing got the report.
        Assert.Equal(Opened + Db.Clocks.ElectionPhoneNoticeWithin, notice.CallBy.ToDateTimeOffset());
        Assert.Contains("within the hour", notice.Instruction);
        Assert.Contains("0537-1111111", notice.Instruction);
        var told = Assert.Single(await NotificationStore.NotificationsAsync(Db.DataSource, intake.Id, null, 50, Phrase.English, TestData.Directory, CancellationToken.None));
        Assert.Equal(("phone-notice", notice.Instruction), (told.Kind, told.Message));
    }

    [Fact]
    public async Task Should_say_so_when_nobody_is_on_duty_at_the_handling_unit()
    {
        var cadre = CountyCadres(1)[0];
        var intake = TestData.Unit("intake-centre", cadre.DivisionCode);

        await Db.OpenCaseAsync(ElectionReport(ReportCategory.Discipline, cadre), Opened);

        var notice = Assert.Single(await PendingAsync(intake.Id));
        Assert.Equal(("", ""), (notice.HandlingDutyOfficer, notice.HandlingDutyPhone));
        Assert.Contains("Nobody is on duty there now", notice.Instruction);
    }

    [Fact]
    public async Task Should_record_the_confirmed_call_on_the_timeline_and_not_escalate_it()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var intake = TestData.Unit("intake-centre", cadre.DivisionCode);
        var caseId = await Db.OpenCaseAsync(ElectionReport(ReportCategory.Discipline, cadre), Opened);
        var noticeId = Guid.Parse(Assert.Single(await PendingAsync(intake.Id)).NoticeId);

        var early = await RefusedAsync(() => ConfirmAsync(noticeId, Opened.AddMinutes(-5), Opened.AddMinutes(1)));
        Assert.Contains("before the case reached the unit", early.Message);

        var calledAt = Opened.AddMinutes(20);
        await ConfirmAsync(noticeId, calledAt, calledAt.AddMinutes(1));

        Assert.Empty(await PendingAsync(intake.Id));
        var confirmed = Assert.Single(await PhoneNoticeStore.ListAsync(Db.DataSource, intake.Id, true, null, 50, Phrase.English, TestData.Directory, CancellationToken.None));
        Assert.Equal((calledAt, "李接听", "王值班", "duty officer"),
            (confirmed.CalledAt.ToDateTimeOffset(), confirmed.CalleeName, confirmed.CallerName, confirmed.ConfirmedBy));
        // Stored as a key and its arguments, with the Chinese words beside them; read in the reader's language.
        var recorded = Assert.Single(await Db.QueryAsync<(string UnitId, string Description, string WordingKey)>(
            "select unit_id, description, wording_key from case_timeline where case_id = @caseId and kind = 'phone-notice-confirmed'", new { caseId }));
        Assert.Equal((lead.Id, "timeline.phone-notice-confirmed"), (recorded.UnitId, recorded.WordingKey));
        Assert.StartsWith("王值班于 UTC ", recorded.Description);
        Assert.Contains("李接听", recorded.Description);
        var timeline = (await new CaseQueries(Db.DataSource, TestData.Directory, TimeProvider.System).GetAsync(caseId, CancellationToken.None))!.Timeline;
        Assert.Contains(timeline, e => e.Kind == "phone-notice-confirmed" && e.Description.StartsWith("王值班于 UTC "));
        Assert.Contains("already recorded", (await RefusedAsync(() => ConfirmAsync(noticeId, calledAt, calledAt.AddMinutes(2)))).Message);

        // The call does not acknowledge the case for the unit: only the unit's own acknowledgement fires at the hour.
        Assert.Equal(1, await Db.FireAsync(Opened.AddMinutes(61)));
        Assert.Equal([DeadlineKinds.Acknowledge], await Db.QueryAsync<string>(
            "select payload->>'deadline' from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseOverdue).FullName, caseId = caseId.ToString() }));
    }

    [Fact]
    public async Task Should_escalate_an_unconfirmed_call_after_the_hour_even_when_the_unit_acknowledged()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var intake = TestData.Unit("intake-centre", cadre.DivisionCode);
        var cityIntake = TestData.Unit("intake-centre", TestData.CityCode);
        var caseId = await Db.OpenCaseAsync(ElectionReport(ReportCategory.Discipline, cadre), Opened);
        await Db.InTransactionAsync(t => Db.Handling.AcknowledgeAsync(t, caseId, lead.Id, "handler", Opened.AddMinutes(10), CancellationToken.None));

        Assert.Equal(0, await Db.FireAsync(Opened.AddMinutes(59)));
        Assert.Equal(1, await Db.FireAsync(Opened.AddMinutes(61)));
        Assert.Equal(0, await Db.FireAsync(Opened.AddMinutes(62)));

        Assert.Equal([(intake.Id, DeadlineKinds.PhoneNotice)], await Db.QueryAsync<(string, string)>(
            "select payload->>'unitId', payload->>'deadline' from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseOverdue).FullName, caseId = caseId.ToString() }));
        Assert.Contains(await NotificationStore.NotificationsAsync(Db.DataSource, cityIntake.Id, null, 50, Phrase.English, TestData.Directory, CancellationToken.None),
            n => n.CaseId == caseId.ToString() && n.Kind == "escalated" && n.Message.Contains("phone call"));
        Assert.False(await Db.ScalarAsync<bool>("select overdue from case_tasks where case_id = @caseId and unit_id = @Id", new { caseId, lead.Id }));
        var notice = Assert.Single(await PendingAsync(intake.Id));
        Assert.True(notice.Overdue);
    }

    [Fact]
    public async Task Should_not_ask_the_duty_unit_to_phone_itself()
    {
        var cadre = CountyCadres(1)[0];
        var intake = TestData.Unit("intake-centre", cadre.DivisionCode);

        // Election conduct: the intake centre leads, the discipline inspection joins; only the co-unit is phoned.
        await Db.OpenCaseAsync(ElectionReport(ReportCategory.ElectionConduct, cadre), Opened);

        Assert.Equal([TestData.Unit("discipline-inspection", cadre.DivisionCode).Id], (await PendingAsync(intake.Id)).Select(n => n.HandlingUnitId));
    }

    private Task<IReadOnlyList<PhoneNotice>> PendingAsync(string dutyUnitId) =>
        PhoneNoticeStore.ListAsync(Db.DataSource, dutyUnitId, false, null, 50, Phrase.English, TestData.Directory, CancellationToken.None);

    private Task ConfirmAsync(Guid noticeId, DateTimeOffset calledAt, DateTimeOffset now) =>
        Db.InTransactionAsync(t => Db.PhoneNotices.ConfirmAsync(t, noticeId, new PhoneCall(calledAt, "李接听", "王值班"), "duty officer", now, _ => { },
            CancellationToken.None));
}
