using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Routing;

/// <summary>A county's staff reach their own county's cases only, whatever they ask for and however they ask.</summary>
public sealed class JurisdictionTests(PlatformFixture platform)
{
    // Every role a county can hold: a refusal then comes from the jurisdiction, never from a missing role.
    private static readonly string[] AllRoles = [Roles.OversightOfficer, Roles.Dispatcher, Roles.Handler, Roles.IntakeClerk, Roles.Auditor];
    private static readonly Metadata Qufu = PlatformFixture.StaffHeaders("370881", AllRoles);
    private static readonly Metadata Zoucheng = PlatformFixture.StaffHeaders("370883", AllRoles);
    private const string ZouchengDiscipline = "u-370883-discipline";

    [Fact]
    public async Task Should_refuse_another_countys_case_in_every_call_and_change_nothing()
    {
        var request = Reports.RealName(Channel.Hotline, "370883", name: "邹城实名人", phone: "13800001234");
        request.Category = Category.Discipline;
        request.Subjects[0].CadreId = "c-0361";
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk));
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        Assert.Equal(ZouchengDiscipline, routed.LeadUnitId);
        var get = new GetCaseRequest { CaseId = routed.CaseId };

        // Zoucheng's own staff see it everywhere: the refusals below are about the county, not about the calls.
        Assert.Equal(routed.CaseId, (await platform.Cases.GetCaseAsync(get, Zoucheng)).CaseId);
        Assert.Contains(await AllCasesAsync(new ListCasesRequest(), Zoucheng), c => c.CaseId == routed.CaseId);
        Assert.Equal(routed.CaseId, (await platform.Cases.ListCasesByReportsAsync(
            new ListCasesByReportsRequest { ReportIds = { submitted.ReportId } }, Zoucheng)).Placements.Single().Case.CaseId);
        Assert.Contains(await AllCasesAsync(new ListCasesRequest { UnitId = ZouchengDiscipline }, Zoucheng), c => c.CaseId == routed.CaseId);
        Assert.Contains((await platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = ZouchengDiscipline }, Zoucheng)).Notifications,
            n => n.CaseId == routed.CaseId);

        await DeniedAsync(platform.Cases.GetCaseAsync(get, Qufu));
        await DeniedAsync(platform.Cases.GetCaseByReportAsync(new GetCaseByReportRequest { ReportId = submitted.ReportId }, Qufu));
        Assert.DoesNotContain(await AllCasesAsync(new ListCasesRequest(), Qufu), c => c.CaseId == routed.CaseId);
        Assert.Empty((await platform.Cases.ListCasesByReportsAsync(new ListCasesByReportsRequest { ReportIds = { submitted.ReportId } }, Qufu)).Placements);
        await DeniedAsync(platform.Cases.ListCasesAsync(new ListCasesRequest { UnitId = ZouchengDiscipline }, Qufu));
        await DeniedAsync(platform.Cases.TransferCaseAsync(new TransferCaseRequest
        {
            CaseId = routed.CaseId, ToUnitId = "u-370881-discipline", Reason = "曲阜市纪委监委接手此案",
        }, Qufu));
        await DeniedAsync(platform.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = routed.CaseId, UnitId = ZouchengDiscipline }, Qufu));
        await DeniedAsync(platform.Cases.ListNotificationsAsync(new ListNotificationsRequest { UnitId = ZouchengDiscipline }, Qufu));

        // Nothing moved: still Zoucheng's, untransferred, unacknowledged, as routing placed it.
        var after = await platform.Cases.GetCaseAsync(get, Zoucheng);
        Assert.Equal((ZouchengDiscipline, 0, CaseState.Assigned), (after.LeadUnitId, after.Transfers, after.State));
        Assert.Equal(routed.Decisions.Select(d => d.Kind), after.Decisions.Select(d => d.Kind));
        Assert.Equal(routed.Timeline.Count, after.Timeline.Count);
    }

    [Fact]
    public async Task Should_write_no_audit_row_for_a_refused_identity_reveal()
    {
        var request = Reports.RealName(Channel.Hotline, "370883", name: "邹城另一人", phone: "13800004321");
        request.Subjects[0].CadreId = "c-0362";
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk));
        var ask = new RequestIdentityRevealRequest { ReportId = submitted.ReportId, Reason = "核实举报人身份以便电话回访" };

        await DeniedAsync(platform.Staff.RequestIdentityRevealAsync(ask, Qufu));
        await DeniedAsync(platform.Staff.RequestIdentityRevealAsync(ask, PlatformFixture.StaffHeaders("370883", Roles.Handler)));
        await DeniedAsync(platform.Staff.RequestIdentityRevealAsync(ask, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk)));
        Assert.Empty(await RevealsAsync(submitted.ReportId));

        // An approver outside the report's jurisdiction cannot approve, and leaves no audit row.
        var requester = PlatformFixture.StaffHeadersAs("officer-zoucheng", "370883", Roles.OversightOfficer);
        var requested = await platform.Staff.RequestIdentityRevealAsync(ask, requester);
        await DeniedAsync(platform.Staff.ApproveIdentityRevealAsync(new ApproveIdentityRevealRequest { RequestId = requested.RequestId },
            PlatformFixture.StaffHeadersAs("officer-qufu", "370881", Roles.OversightOfficer)));
        Assert.Single(await RevealsAsync(submitted.ReportId));

        // The allowed steps are the audited ones: the log would have shown the refused ones.
        await platform.Staff.ApproveIdentityRevealAsync(new ApproveIdentityRevealRequest { RequestId = requested.RequestId },
            PlatformFixture.StaffHeadersAs("officer-city", "370800", Roles.OversightOfficer));
        var identity = await platform.Staff.RevealReporterIdentityAsync(new RevealReporterIdentityRequest { RequestId = requested.RequestId }, requester);
        var entries = await RevealsAsync(submitted.ReportId);
        Assert.Equal(["revealed", "approved", "requested"], entries.Select(e => e.Action));
        Assert.Equal((identity.AuditId, "370883"), (entries[0].AuditId, entries[0].CallerDivisionCode));
        await using var connection = new NpgsqlConnection(platform.IntakeDatabase);
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("select count(*) from identity_reveals where report_id = @id",
            new { id = Guid.Parse(submitted.ReportId) }));
    }

    private async Task<IReadOnlyList<IdentityReveal>> RevealsAsync(string reportId) =>
        (await platform.Staff.ListIdentityRevealsAsync(new ListIdentityRevealsRequest { ReportId = reportId },
            PlatformFixture.StaffHeaders("370800", Roles.Auditor))).Reveals;

    private static async Task DeniedAsync<T>(AsyncUnaryCall<T> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    /// <summary>Every page of a case list.</summary>
    private async Task<List<CaseSummary>> AllCasesAsync(ListCasesRequest request, Metadata headers)
    {
        var cases = new List<CaseSummary>();
        request.PageSize = 200;
        do
        {
            var page = await platform.Cases.ListCasesAsync(request, headers);
            cases.AddRange(page.Cases);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return cases;
    }
}
