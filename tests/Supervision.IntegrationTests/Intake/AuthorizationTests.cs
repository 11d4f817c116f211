using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Intake;

public sealed class AuthorizationTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_refuse_staff_methods_to_anonymous_callers()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.ListReportsAsync(new ListReportsRequest(), PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);

        var hotline = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Hotline), PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, hotline.StatusCode);
    }

    [Fact]
    public async Task Should_answer_a_refused_call_as_grpc_with_words_in_the_callers_language()
    {
        // [Authorize] refusals come back as gRPC statuses with a message, not as a bare HTTP 401/403 the client must map.
        var english = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.ListReportsAsync(new ListReportsRequest(), PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, english.StatusCode);
        Assert.Equal("A staff token is required.", english.Status.Detail);

        var chinese = new Metadata { { "accept-language", "zh-CN" } };
        var zh = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.ListReportsAsync(new ListReportsRequest(), chinese).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, zh.StatusCode);
        Assert.Equal("需要工作人员令牌。", zh.Status.Detail);

        var handler = PlatformFixture.StaffHeaders("370883", Roles.Handler);
        handler.Add("accept-language", "zh-CN");
        var denied = await Assert.ThrowsAsync<RpcException>(() => platform.ReportingOperations.RebuildProjectionsAsync(new Supervision.Reporting.V1.RebuildProjectionsRequest(), handler).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal("您的令牌没有调用此方法所需的角色。", denied.Status.Detail);
    }

    [Fact]
    public async Task Should_refuse_a_token_signed_with_another_key()
    {
        var forged = new Metadata
        {
            { "authorization", "Bearer " + DevelopmentTokens.Mint(Convert.ToBase64String(new byte[32]), "intruder", [Roles.OversightOfficer], "370800", TimeSpan.FromHours(1)) },
        };
        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.ListReportsAsync(new ListReportsRequest(), forged).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_roles_that_may_not_act()
    {
        var report = await platform.Public.SubmitReportAsync(Reports.RealName(), PlatformFixture.PublicCaller());

        var handlerReveal = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { ReportId = report.ReportId, Reason = "需要电话回访举报人核实情况" },
            PlatformFixture.StaffHeaders("370883", Roles.Handler)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, handlerReveal.StatusCode);

        var clerkPeriod = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.SetElectionPeriodAsync(new SetElectionPeriodRequest(),
            PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, clerkPeriod.StatusCode);

        var clerkAudit = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.ListIdentityRevealsAsync(new ListIdentityRevealsRequest(),
            PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, clerkAudit.StatusCode);
    }

    [Fact]
    public async Task Should_limit_a_county_to_its_own_reports()
    {
        var zoucheng = await platform.Public.SubmitReportAsync(Reports.Anonymous(division: "370883"), PlatformFixture.PublicCaller());
        var yanzhou = await platform.Public.SubmitReportAsync(Reports.Anonymous(division: "370812"), PlatformFixture.PublicCaller());
        var yanzhouClerk = PlatformFixture.StaffHeaders("370812", Roles.IntakeClerk);

        var read = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.GetReportAsync(new GetReportRequest { ReportId = zoucheng.ReportId }, yanzhouClerk).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, read.StatusCode);
        var list = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.ListReportsAsync(new ListReportsRequest { DivisionCode = "370883" }, yanzhouClerk).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);
        var enter = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Hotline, "370883"), yanzhouClerk).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, enter.StatusCode);

        var own = await platform.Staff.ListReportsAsync(new ListReportsRequest { PageSize = 200 }, yanzhouClerk);
        Assert.Contains(own.Reports, r => r.ReportId == yanzhou.ReportId);
        Assert.All(own.Reports, r => Assert.StartsWith("370812", r.ReceivingDivisionCode));
        var city = await platform.Staff.GetReportAsync(new GetReportRequest { ReportId = zoucheng.ReportId }, PlatformFixture.StaffHeaders("370800", Roles.Dispatcher));
        Assert.Equal(zoucheng.TrackingNumber, city.Summary.TrackingNumber);
    }

    [Fact]
    public async Task Should_reveal_identity_only_with_a_second_persons_approval_and_audit_every_step()
    {
        var report = await platform.Public.SubmitReportAsync(Reports.RealName(name: "赵揭示", phone: "13700001111"), PlatformFixture.PublicCaller());
        var anonymous = await platform.Public.SubmitReportAsync(Reports.Anonymous(), PlatformFixture.PublicCaller());
        var requester = PlatformFixture.StaffHeadersAs("officer-wang", "370883", Roles.OversightOfficer);
        var approver = PlatformFixture.StaffHeadersAs("officer-li", "370883", Roles.OversightOfficer);
        const string reason = "实名举报，需电话反馈办理结果";

        // Clerks no longer reveal; the one-step reveal needs a request now.
        var clerk = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RequestIdentityRevealAsync(
            new RequestIdentityRevealRequest { ReportId = report.ReportId, Reason = reason }, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, clerk.StatusCode);
        var oneStep = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { ReportId = report.ReportId, Reason = reason }, requester).ResponseAsync);
        Assert.Contains("request_id", Reports.Violations(oneStep).Keys);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RequestIdentityRevealAsync(
            new RequestIdentityRevealRequest { ReportId = report.ReportId }, requester).ResponseAsync);
        Assert.Contains("reason", Reports.Violations(noReason).Keys);
        var none = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RequestIdentityRevealAsync(
            new RequestIdentityRevealRequest { ReportId = anonymous.ReportId, Reason = "匿名举报也想看看身份" }, requester).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, none.StatusCode);

        var requested = await platform.Staff.RequestIdentityRevealAsync(new RequestIdentityRevealRequest { ReportId = report.ReportId, Reason = reason }, requester);
        Assert.Equal(IdentityRevealState.Pending, requested.State);
        var approveRequest = new ApproveIdentityRevealRequest { RequestId = requested.RequestId };
        var own = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.ApproveIdentityRevealAsync(approveRequest, requester).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, own.StatusCode);
        var early = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { RequestId = requested.RequestId }, requester).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        var pending = await platform.Staff.ListIdentityRevealRequestsAsync(new ListIdentityRevealRequestsRequest { State = IdentityRevealState.Pending }, approver);
        Assert.Contains(pending.Requests, r => r.RequestId == requested.RequestId && r.RequestedBy == "officer-wang");

        var approved = await platform.Staff.ApproveIdentityRevealAsync(approveRequest, approver);
        Assert.Equal((IdentityRevealState.Approved, "officer-li"), (approved.State, approved.DecidedBy));
        Assert.NotNull(approved.ExpiresAt);
        var notTheRequester = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { RequestId = requested.RequestId }, approver).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notTheRequester.StatusCode);

        var identity = await platform.Staff.RevealReporterIdentityAsync(new RevealReporterIdentityRequest { RequestId = requested.RequestId }, requester);
        Assert.Equal(("赵揭示", "13700001111"), (identity.Name, identity.Phone));
        var twice = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { RequestId = requested.RequestId }, requester).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);

        // A second request, denied: it can never be revealed with.
        var second = await platform.Staff.RequestIdentityRevealAsync(new RequestIdentityRevealRequest { ReportId = report.ReportId, Reason = "再次核实举报人联系方式" }, requester);
        var denied = await platform.Staff.DenyIdentityRevealAsync(new DenyIdentityRevealRequest { RequestId = second.RequestId, Reason = "已有联系方式，无需再次查看" }, approver);
        Assert.Equal(IdentityRevealState.Denied, denied.State);
        var afterDenial = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { RequestId = second.RequestId }, requester).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, afterDenial.StatusCode);

        var audit = await platform.Staff.ListIdentityRevealsAsync(new ListIdentityRevealsRequest { ReportId = report.ReportId },
            PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.Equal(["denied", "requested", "revealed", "approved", "requested"], audit.Reveals.Select(e => e.Action));
        var revealed = audit.Reveals[2];
        Assert.Equal((identity.AuditId, "officer-wang", Roles.OversightOfficer, reason, "370883", requested.RequestId),
            (revealed.AuditId, revealed.RevealedBy, revealed.Role, revealed.Reason, revealed.CallerDivisionCode, revealed.RequestId));
        Assert.Equal("officer-li", audit.Reveals[3].RevealedBy);
        var listed = await platform.Staff.ListIdentityRevealRequestsAsync(new ListIdentityRevealRequestsRequest { State = IdentityRevealState.Revealed },
            PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.Contains(listed.Requests, r => r.RequestId == requested.RequestId);
        Assert.DoesNotContain(listed.Requests, r => r.RequestId == second.RequestId);

        var detail = await platform.Staff.GetReportAsync(new GetReportRequest { ReportId = report.ReportId }, requester);
        Assert.DoesNotContain("赵揭示", detail.ToString());
    }
}
