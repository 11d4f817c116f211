using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Routing;

/// <summary>
/// "1 小时内电话通知承办单位" through the real API: the receiving county's duty officer is given the call to the
/// handling unit's duty phone, and records it (in a county no other routing scenario uses).
/// </summary>
public sealed class PhoneNoticeTests(PlatformFixture platform)
{
    private const string County = "370812";
    private const string Intake = "u-370812-intake";
    private const string Discipline = "u-370812-discipline";

    [Fact]
    public async Task Should_list_the_call_with_the_duty_phone_and_record_its_confirmation_on_the_timeline()
    {
        var dispatcher = PlatformFixture.StaffHeaders(County, Roles.Dispatcher);
        var now = DateTimeOffset.UtcNow;
        var officer = "值班员" + Random.Shared.Next(1000, 9999);
        await platform.Cases.SetDutyShiftAsync(new SetDutyShiftRequest
        {
            UnitId = Discipline, Officer = officer, Phone = "0537-3411001",
            StartsAt = Timestamp.FromDateTimeOffset(now.AddHours(-1)), EndsAt = Timestamp.FromDateTimeOffset(now.AddHours(8)),
        }, dispatcher);
        var cadres = await platform.Directory.ListCadresAsync(new ListCadresRequest { DivisionCode = County, ManagementAuthority = "county-managed" },
            dispatcher);
        var request = Reports.Anonymous(Channel.Hotline, County);
        request.Category = Category.ElectionConduct;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = cadres.Cadres[Random.Shared.Next(cadres.Cadres.Count)].CadreId });
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders(County, Roles.IntakeClerk));
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);

        var pending = await platform.Cases.ListPhoneNoticesAsync(new ListPhoneNoticesRequest { UnitId = Intake, State = PhoneNoticeState.Pending },
            dispatcher);
        var notice = Assert.Single(pending.Notices, n => n.CaseId == routed.CaseId);
        Assert.Equal((Discipline, officer, "0537-3411001", false), (notice.HandlingUnitId, notice.HandlingDutyOfficer, notice.HandlingDutyPhone, notice.Overdue));
        RoutingClocks.AssertDeadline(submitted.ReceivedAt.ToDateTimeOffset() + RoutingClocks.Configured.ElectionAcknowledgeWithin, notice.CallBy,
            "phone call");

        var bad = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ConfirmPhoneNoticeAsync(new ConfirmPhoneNoticeRequest
        {
            NoticeId = "not-a-notice", CalledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)), CalleeName = "", CallerName = "",
        }, dispatcher).ResponseAsync);
        Assert.Equal(["called_at", "callee_name", "caller_name", "notice_id"], Reports.Violations(bad).Keys.Order(StringComparer.Ordinal));
        var otherCounty = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ConfirmPhoneNoticeAsync(Confirmation(notice.NoticeId),
            PlatformFixture.StaffHeaders("370881", Roles.Dispatcher)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherCounty.StatusCode);

        var confirmed = await platform.Cases.ConfirmPhoneNoticeAsync(Confirmation(notice.NoticeId), dispatcher);
        Assert.Equal((PhoneNoticeState.Confirmed, "纪委值班员", "受理中心值班员"), (confirmed.State, confirmed.CalleeName, confirmed.CallerName));
        var again = await Assert.ThrowsAsync<RpcException>(() => platform.Cases.ConfirmPhoneNoticeAsync(Confirmation(notice.NoticeId), dispatcher).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);

        var listed = await platform.Cases.ListPhoneNoticesAsync(new ListPhoneNoticesRequest { UnitId = Intake, State = PhoneNoticeState.Confirmed },
            dispatcher);
        Assert.Contains(listed.Notices, n => n.NoticeId == notice.NoticeId);
        var after = await platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = routed.CaseId }, dispatcher);
        Assert.Contains(after.Timeline, e => e.Kind == "phone-notice-confirmed" && e.UnitId == Discipline && e.Description.Contains("纪委值班员"));
        // The unit's own acknowledgement is a separate step, still to come.
        Assert.Equal("assigned", after.Tasks.Single(t => t.UnitId == Discipline).State);
    }

    private static ConfirmPhoneNoticeRequest Confirmation(string noticeId) => new()
    {
        NoticeId = noticeId, CalledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), CalleeName = "纪委值班员",
        CallerName = "受理中心值班员",
    };
}
