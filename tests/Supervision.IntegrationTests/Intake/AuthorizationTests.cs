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
    public async Task Should_reveal_identity_only_to_allowed_roles_and_audit_every_reveal()
    {
        var report = await platform.Public.SubmitReportAsync(Reports.RealName(name: "赵揭示", phone: "13700001111"), PlatformFixture.PublicCaller());
        var anonymous = await platform.Public.SubmitReportAsync(Reports.Anonymous(), PlatformFixture.PublicCaller());
        var oversightOfficer = PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer);

        var noReason = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { ReportId = report.ReportId }, oversightOfficer).ResponseAsync);
        Assert.Contains("reason", Reports.Violations(noReason).Keys);

        var identity = await platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { ReportId = report.ReportId, Reason = "实名举报，需电话反馈办理结果" }, oversightOfficer);
        Assert.Equal("赵揭示", identity.Name);
        Assert.Equal("13700001111", identity.Phone);

        var none = await Assert.ThrowsAsync<RpcException>(() => platform.Staff.RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { ReportId = anonymous.ReportId, Reason = "匿名举报也想看看身份" }, oversightOfficer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, none.StatusCode);

        var audit = await platform.Staff.ListIdentityRevealsAsync(new ListIdentityRevealsRequest { ReportId = report.ReportId },
            PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        var entry = Assert.Single(audit.Reveals);
        Assert.Equal(identity.AuditId, entry.AuditId);
        Assert.Equal(Roles.OversightOfficer, entry.Role);
        Assert.Equal("实名举报，需电话反馈办理结果", entry.Reason);
        Assert.Equal("370883", entry.CallerDivisionCode);

        var detail = await platform.Staff.GetReportAsync(new GetReportRequest { ReportId = report.ReportId }, oversightOfficer);
        Assert.DoesNotContain("赵揭示", detail.ToString());
    }
}
