using Grpc.Core;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>
/// Who may do what on the panel: every staff role against every method (allowed means the call gets past the role
/// check), no token at all, and jurisdiction for a county's officer.
/// </summary>
public sealed class PanelAuthorizationTests(PlatformFixture platform)
{
    private static readonly string[] Readers = [Roles.EvaluationOfficer, Roles.OversightOfficer, Roles.Auditor];
    private static readonly string[] Officers = [Roles.EvaluationOfficer];

    public static readonly TheoryData<string, string> Matrix = new(
        from method in new[] { "SubmitApplication", "VetApplication", "GetApplication", "GetMember", "ListMembers", "RenewTerm", "RecordResignation", "GetComposition" }
        from role in Roles.All
        select (method, role));

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Should_let_only_the_roles_of_the_matrix_through(string method, string role)
    {
        var allowed = (method is "SubmitApplication" or "VetApplication" or "RenewTerm" or "RecordResignation" ? Officers : Readers).Contains(role);
        var status = await StatusOfAsync(method, PlatformFixture.StaffHeaders("370800", role));
        if (allowed)
        {
            Assert.NotEqual(StatusCode.PermissionDenied, status);
            Assert.NotEqual(StatusCode.Unauthenticated, status);
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, status);
        }
    }

    [Theory]
    [InlineData("SubmitApplication")]
    [InlineData("GetMember")]
    [InlineData("ListMembers")]
    [InlineData("GetComposition")]
    public async Task Should_refuse_a_caller_without_a_token(string method) =>
        Assert.Equal(StatusCode.Unauthenticated, await StatusOfAsync(method, new Metadata()));

    [Fact]
    public async Task Should_keep_a_county_officer_to_their_county()
    {
        var county = PlatformFixture.StaffHeaders("370811", Roles.EvaluationOfficer);
        var own = await platform.Panel.SubmitApplicationAsync(PanelRequests.Application(division: "370811001"), county);
        Assert.Equal(ApplicationStatus.Pending, own.Status);
        var other = await Assert.ThrowsAsync<RpcException>(() => platform.Panel.SubmitApplicationAsync(PanelRequests.Application(division: "370812001"), county).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        var elsewhere = await platform.Panel.SubmitApplicationAsync(PanelRequests.Application(division: "370812001"), PanelRequests.CityOfficer);
        var vet = await Assert.ThrowsAsync<RpcException>(() => platform.Panel.VetApplicationAsync(new VetApplicationRequest
        {
            ApplicationId = elsewhere.ApplicationId, Decision = VetDecision.Reject, Reason = "outside",
        }, county).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, vet.StatusCode);
        var listed = await platform.Panel.ListMembersAsync(new ListMembersRequest { PageSize = 500 }, PlatformFixture.StaffHeaders("370811", Roles.Auditor));
        Assert.NotEmpty(listed.Members);
        Assert.All(listed.Members, m => Assert.StartsWith("370811", m.DivisionCode));
    }

    private async Task<StatusCode> StatusOfAsync(string method, Metadata headers)
    {
        var panel = platform.Panel;
        var id = Guid.NewGuid().ToString();
        try
        {
            await (method switch
            {
                "SubmitApplication" => panel.SubmitApplicationAsync(PanelRequests.Application(), headers).ResponseAsync,
                "VetApplication" => panel.VetApplicationAsync(new VetApplicationRequest { ApplicationId = id, Decision = VetDecision.Appoint }, headers).ResponseAsync,
                "GetApplication" => panel.GetApplicationAsync(new GetApplicationRequest { ApplicationId = id }, headers).ResponseAsync,
                "GetMember" => panel.GetMemberAsync(new GetMemberRequest { MemberId = id }, headers).ResponseAsync,
                "ListMembers" => panel.ListMembersAsync(new ListMembersRequest { PageSize = 1 }, headers).ResponseAsync,
                "RenewTerm" => panel.RenewTermAsync(new RenewTermRequest { MemberId = id }, headers).ResponseAsync,
                "RecordResignation" => panel.RecordResignationAsync(new RecordResignationRequest { MemberId = id, Reason = "r" }, headers).ResponseAsync,
                "GetComposition" => (Task)panel.GetCompositionAsync(new GetCompositionRequest(), headers).ResponseAsync,
                _ => throw new ArgumentOutOfRangeException(nameof(method)),
            });
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
