using Google.Protobuf.Reflection;
using Grpc.Core;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>
/// Every staff RPC of evaluation, one row each: no token (UNAUTHENTICATED), every role outside the row (PERMISSION_DENIED),
/// every role of the row in the city (past the checks: any answer but those two) and, where the method guards a division,
/// a county officer reaching into another county (PERMISSION_DENIED). The rows are checked against the service descriptors,
/// so an RPC added without its row fails <see cref="Should_have_one_row_for_every_staff_method_and_place_every_service"/>.
/// </summary>
public sealed class EvaluationAuthorizationMatrixTests(PlatformFixture platform)
{
    private static readonly string[] Readers = [Roles.EvaluationOfficer, Roles.OversightOfficer, Roles.Auditor];
    private static readonly string[] Officers = [Roles.EvaluationOfficer];
    private static readonly string[] PlanReaders = [.. Readers, Roles.TargetUnitContact];

    /// <summary>Answered without a token, by design (the published draws and the broadcast screen).</summary>
    private static readonly ServiceDescriptor[] PublicServices = [PublicDraws.Descriptor, LiveRanking.Descriptor];
    private static readonly ServiceDescriptor[] StaffServices =
        [Panel.Descriptor, Draws.Descriptor, Scoring.Descriptor, Visits.Descriptor, AnnualAssessments.Descriptor, WorkSupervisors.Descriptor, Referrals.Descriptor,
         TargetedEvaluations.Descriptor];
    private static readonly string[] Supervisor = [Roles.WorkSupervisor];

    // A county officer of 邹城市 (370883) reaching into 任城区 (370811).
    private const string OwnCounty = "370883";
    private const string OtherCountyUnit = "u-370811-approval";

    private delegate Task Call(PlatformFixture platform, Metadata headers);

    /// <summary>One RPC: who may call it, a call that reaches its checks, and a call into another county where it guards one.</summary>
    private sealed record Row(string Rpc, string[] Allowed, Call Any, Call? OtherCounty = null);

    private static readonly Row[] Rows =
    [
        new("Panel/SubmitApplication", Officers, (p, h) => p.Panel.SubmitApplicationAsync(new(), h).ResponseAsync,
            (p, h) => p.Panel.SubmitApplicationAsync(PanelRequests.Application(division: "370811001"), h).ResponseAsync),
        new("Panel/GetApplication", Readers, (p, h) => p.Panel.GetApplicationAsync(new() { ApplicationId = Guid.NewGuid().ToString() }, h).ResponseAsync,
            async (p, h) => await p.Panel.GetApplicationAsync(new() { ApplicationId = await OtherCountyApplicationAsync(p) }, h)),
        new("Panel/VetApplication", Officers, (p, h) => p.Panel.VetApplicationAsync(new(), h).ResponseAsync,
            async (p, h) => await p.Panel.VetApplicationAsync(new()
            {
                ApplicationId = await OtherCountyApplicationAsync(p), Decision = VetDecision.Reject, Reason = "不在本县",
            }, h)),
        new("Panel/GetMember", Readers, (p, h) => p.Panel.GetMemberAsync(new() { MemberId = Guid.NewGuid().ToString() }, h).ResponseAsync,
            async (p, h) => await p.Panel.GetMemberAsync(new() { MemberId = await OtherCountyMemberAsync(p) }, h)),
        new("Panel/ListMembers", Readers, (p, h) => p.Panel.ListMembersAsync(new() { PageSize = 1 }, h).ResponseAsync,
            (p, h) => p.Panel.ListMembersAsync(new() { DivisionCode = "370811", PageSize = 1 }, h).ResponseAsync),
        new("Panel/RenewTerm", Officers, (p, h) => p.Panel.RenewTermAsync(new() { MemberId = Guid.NewGuid().ToString() }, h).ResponseAsync,
            async (p, h) => await p.Panel.RenewTermAsync(new() { MemberId = await OtherCountyMemberAsync(p) }, h)),
        new("Panel/RecordResignation", Officers, (p, h) => p.Panel.RecordResignationAsync(new() { MemberId = Guid.NewGuid().ToString(), Reason = "辞任" }, h).ResponseAsync,
            async (p, h) => await p.Panel.RecordResignationAsync(new() { MemberId = await OtherCountyMemberAsync(p), Reason = "辞任" }, h)),
        // The composition is the whole panel's figures, the same for every reader.
        new("Panel/GetComposition", Readers, (p, h) => p.Panel.GetCompositionAsync(new(), h).ResponseAsync),
        new("Draws/CommitDraw", Officers, (p, h) => p.Draws.CommitDrawAsync(new(), h).ResponseAsync,
            (p, h) => p.Draws.CommitDrawAsync(new() { UnitId = OtherCountyUnit, Seats = 5, Substitutes = 1, Purpose = "投诉较多" }, h).ResponseAsync),
        new("Draws/RevealDraw", Officers, (p, h) => p.Draws.RevealDrawAsync(new() { DrawId = Guid.NewGuid().ToString() }, h).ResponseAsync,
            async (p, h) => await p.Draws.RevealDrawAsync(new() { DrawId = await OtherCountyDrawAsync(p) }, h)),
        new("Draws/ReplaceDrawnMember", Officers, (p, h) => p.Draws.ReplaceDrawnMemberAsync(new() { DrawId = Guid.NewGuid().ToString() }, h).ResponseAsync,
            async (p, h) => await p.Draws.ReplaceDrawnMemberAsync(new() { DrawId = await OtherCountyDrawAsync(p), PanelNumber = 1, Reason = "因病" }, h)),
        new("Scoring/OpenSession", Officers, (p, h) => p.Scoring.OpenSessionAsync(new(), h).ResponseAsync,
            (p, h) => p.Scoring.OpenSessionAsync(new() { SheetId = "departments-2026", Title = "越界评议", UnitIds = { OtherCountyUnit, "u-370811-hrss" } }, h).ResponseAsync),
        new("Scoring/SubmitScore", Officers, (p, h) => p.Scoring.SubmitScoreAsync(new(), h).ResponseAsync,
            async (p, h) => await p.Scoring.SubmitScoreAsync(new()
            {
                SessionId = await OtherCountySessionAsync(p), MemberId = Guid.NewGuid().ToString(), UnitId = OtherCountyUnit,
            }, h)),
        // Rankings are read city-wide by the readers (units never see who scored them).
        new("Scoring/GetRanking", Readers, (p, h) => p.Scoring.GetRankingAsync(new() { SessionId = Guid.NewGuid().ToString() }, h).ResponseAsync),
        new("Scoring/CloseSession", Officers, (p, h) => p.Scoring.CloseSessionAsync(new() { SessionId = Guid.NewGuid().ToString() }, h).ResponseAsync,
            async (p, h) => await p.Scoring.CloseSessionAsync(new() { SessionId = await OtherCountySessionAsync(p) }, h)),
        new("Visits/PlanVisit", Officers, (p, h) => p.Visits.PlanVisitAsync(new(), h).ResponseAsync),
        new("Visits/GetVisitPlan", PlanReaders, (p, h) => p.Visits.GetVisitPlanAsync(new() { PlanId = Guid.NewGuid().ToString() }, h).ResponseAsync),
        new("Visits/ListVisitPlans", PlanReaders, (p, h) => p.Visits.ListVisitPlansAsync(new() { PageSize = 1 }, h).ResponseAsync),
        new("Visits/RecordVisit", Officers, (p, h) => p.Visits.RecordVisitAsync(new(), h).ResponseAsync),
        new("Visits/CompleteVisit", Officers, (p, h) => p.Visits.CompleteVisitAsync(new() { PlanId = Guid.NewGuid().ToString() }, h).ResponseAsync),
        new("Visits/ReferProblem", Officers, (p, h) => p.Visits.ReferProblemAsync(new(), h).ResponseAsync),
        // The annual assessment leaves out the rows of units outside the caller's jurisdiction (AnnualAssessmentTests).
        new("AnnualAssessments/GetAnnualAssessment", Readers, (p, h) => p.AnnualAssessments.GetAnnualAssessmentAsync(new() { Year = 2026 }, h).ResponseAsync),
        new("AnnualAssessments/ExportAnnualAssessment", Readers, (p, h) => p.AnnualAssessments.ExportAnnualAssessmentAsync(new() { Year = 2026 }, h).ResponseAsync),
        // Appointing reaches into another county only through the area's divisions (WorkSupervisorTests).
        new("WorkSupervisors/AppointWorkSupervisor", Officers, (p, h) => p.WorkSupervisors.AppointWorkSupervisorAsync(new(), h).ResponseAsync),
        // A supervisor also reads themself, and only themself (WorkSupervisorTests): to any other id it is PERMISSION_DENIED.
        new("WorkSupervisors/GetWorkSupervisor", Readers,
            (p, h) => p.WorkSupervisors.GetWorkSupervisorAsync(new() { SupervisorId = Guid.NewGuid().ToString() }, h).ResponseAsync),
        new("WorkSupervisors/ListWorkSupervisors", Readers, (p, h) => p.WorkSupervisors.ListWorkSupervisorsAsync(new() { PageSize = 1 }, h).ResponseAsync),
        // A supervisor's own calls: the role is checked before the request, the request before who the subject is.
        new("WorkSupervisors/LogObservation", Supervisor, (p, h) => p.WorkSupervisors.LogObservationAsync(new(), h).ResponseAsync),
        new("WorkSupervisors/ReferObservation", Supervisor, (p, h) => p.WorkSupervisors.ReferObservationAsync(new(), h).ResponseAsync),
        new("WorkSupervisors/ListMyReferrals", Supervisor,
            (p, h) => p.WorkSupervisors.ListMyReferralsAsync(new() { PageToken = "not-a-page-token" }, h).ResponseAsync),
        new("Referrals/ListVisitProblemReferrals", Readers, (p, h) => p.Referrals.ListVisitProblemReferralsAsync(new() { PageSize = 1 }, h).ResponseAsync),
        new("TargetedEvaluations/ListProposals", Readers, (p, h) => p.TargetedEvaluations.ListProposalsAsync(new() { PageSize = 1 }, h).ResponseAsync,
            (p, h) => p.TargetedEvaluations.ListProposalsAsync(new() { DivisionCode = "370811", PageSize = 1 }, h).ResponseAsync),
        // Deciding another county's proposal is refused in TargetedProposalTests (a proposal needs that county's complaints).
        new("TargetedEvaluations/AcceptProposal", Officers, (p, h) => p.TargetedEvaluations.AcceptProposalAsync(new(), h).ResponseAsync),
        new("TargetedEvaluations/DismissProposal", Officers, (p, h) => p.TargetedEvaluations.DismissProposalAsync(new(), h).ResponseAsync),
    ];

    public static TheoryData<string> AllRows => new(Rows.Select(r => r.Rpc));
    public static TheoryData<string> CountyRows => new(Rows.Where(r => r.OtherCounty is not null).Select(r => r.Rpc));

    [Fact]
    public void Should_have_one_row_for_every_staff_method_and_place_every_service()
    {
        var services = Panel.Descriptor.File.Services.Select(s => s.FullName).Order();
        Assert.Equal(services, StaffServices.Concat(PublicServices).Select(s => s.FullName).Order());
        var methods = StaffServices.SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}")).Order();
        Assert.Equal(methods, Rows.Select(r => r.Rpc).Order());
    }

    [Theory]
    [MemberData(nameof(AllRows))]
    public async Task Should_refuse_no_token_and_every_other_role_and_let_every_role_of_the_row_through(string rpc)
    {
        var row = Rows.Single(r => r.Rpc == rpc);
        Assert.Equal(StatusCode.Unauthenticated, await StatusOfAsync(row.Any, new Metadata()));
        foreach (var role in Roles.All.Except(row.Allowed))
        {
            Assert.True(await StatusOfAsync(row.Any, PlatformFixture.StaffHeaders("370800", role)) == StatusCode.PermissionDenied, $"{rpc} as {role}");
        }
        foreach (var role in row.Allowed)
        {
            var headers = role == Roles.TargetUnitContact
                ? PlatformFixture.StaffHeadersAs(OtherCountyUnit, "370800", role)
                : PlatformFixture.StaffHeaders("370800", role);
            var status = await StatusOfAsync(row.Any, headers);
            Assert.True(status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated), $"{rpc} as {role}: {status}");
        }
    }

    [Theory]
    [MemberData(nameof(CountyRows))]
    public async Task Should_keep_a_county_caller_out_of_another_county(string rpc)
    {
        var row = Rows.Single(r => r.Rpc == rpc);
        var role = row.Allowed.Contains(Roles.Auditor) ? Roles.Auditor : Roles.EvaluationOfficer;
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync(row.OtherCounty!, PlatformFixture.StaffHeaders(OwnCounty, role)));
    }

    private async Task<StatusCode> StatusOfAsync(Call call, Metadata headers)
    {
        try
        {
            await call(platform, headers);
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    private static async Task<string> OtherCountyApplicationAsync(PlatformFixture platform) =>
        (await platform.Panel.SubmitApplicationAsync(PanelRequests.Application(division: "370811001"), PanelRequests.CityOfficer)).ApplicationId;

    private static async Task<string> OtherCountyMemberAsync(PlatformFixture platform) =>
        (await platform.Panel.ListMembersAsync(new ListMembersRequest { DivisionCode = "370811", Status = MemberStatus.Serving, PageSize = 1 },
            PanelRequests.CityOfficer)).Members[0].MemberId;

    private static async Task<string> OtherCountyDrawAsync(PlatformFixture platform) =>
        (await platform.Draws.CommitDrawAsync(new CommitDrawRequest { UnitId = OtherCountyUnit, Seats = 5, Substitutes = 1, Purpose = "投诉较多" },
            PanelRequests.CityOfficer)).DrawId;

    private static async Task<string> OtherCountySessionAsync(PlatformFixture platform) =>
        (await platform.Scoring.OpenSessionAsync(new OpenSessionRequest
        {
            SheetId = "departments-2026", Title = "任城区部门评议", UnitIds = { OtherCountyUnit, "u-370811-hrss" },
        }, PanelRequests.CityOfficer)).SessionId;
}
