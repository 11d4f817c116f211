using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Routing;

public sealed class DirectoryMaintenanceTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_publish_a_new_cadre_to_every_instance_and_to_intake_and_route_by_it()
    {
        var oversightOfficer = PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer);
        var cadre = new Supervision.Routing.V1.Cadre
        {
            CadreId = "c-9001", Name = "新任干部", Gender = "female", Post = "局长", UnitId = "u-370883-health",
            ManagementAuthority = "county-managed",
        };
        var saved = await platform.Directory.UpsertCadreAsync(new UpsertCadreRequest { Cadre = cadre }, oversightOfficer);
        Assert.Equal("370883", saved.DivisionCode);

        // Intake learns the cadre from the change event (through Redis, on both instances).
        var request = Reports.Anonymous(Supervision.Intake.V1.Channel.Online, "370800");
        request.Category = Category.CadreSelectionAndAppointment;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = "c-9001" });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        SubmitReportResponse? submitted = null;
        while (submitted is null)
        {
            try
            {
                submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        Assert.Equal("u-370883-intake", routed.LeadUnitId);
        Assert.Contains(routed.Decisions, d => d.Reason.Contains("新任干部"));

        // Promoted to city management: the next report about a new matter goes to the city.
        cadre.ManagementAuthority = "city-managed";
        await platform.Directory.UpsertCadreAsync(new UpsertCadreRequest { Cadre = cadre }, oversightOfficer);
        request.Category = Category.Discipline;
        var second = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));
        Assert.Equal("u-370800-discipline", (await RoutingScenarioTests.WaitForCaseAsync(platform, second.ReportId)).LeadUnitId);
    }

    [Fact]
    public async Task Should_refuse_bad_changes_and_callers_who_may_not_maintain_the_directory()
    {
        var handler = await Assert.ThrowsAsync<RpcException>(() => platform.Directory.UpsertUnitAsync(new UpsertUnitRequest
        {
            Unit = new Supervision.Routing.V1.Unit { UnitId = "u-370883-new", Name = "新单位", Kind = "department", DivisionCode = "370883" },
        }, PlatformFixture.StaffHeaders("370883", Roles.Handler)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, handler.StatusCode);

        var otherCounty = await Assert.ThrowsAsync<RpcException>(() => platform.Directory.UpsertUnitAsync(new UpsertUnitRequest
        {
            Unit = new Supervision.Routing.V1.Unit { UnitId = "u-370883-new", Name = "新单位", Kind = "department", DivisionCode = "370883" },
        }, PlatformFixture.StaffHeaders("370811", Roles.OversightOfficer)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherCounty.StatusCode);

        var bad = await Assert.ThrowsAsync<RpcException>(() => platform.Directory.UpsertCadreAsync(new UpsertCadreRequest
        {
            Cadre = new Supervision.Routing.V1.Cadre { CadreId = "X", Name = "", Gender = "x", Post = "局长", UnitId = "u-nowhere", ManagementAuthority = "self-managed" },
        }, PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer)).ResponseAsync);
        var violations = Reports.Violations(bad);
        Assert.Equal(["cadre.cadre_id", "cadre.gender", "cadre.management_authority", "cadre.name", "cadre.unit_id"], violations.Keys.Order());

        var unit = await platform.Directory.UpsertUnitAsync(new UpsertUnitRequest
        {
            Unit = new Supervision.Routing.V1.Unit { UnitId = "u-370883-new", Name = "邹城市新设单位", Kind = "department", DivisionCode = "370883", ParentUnitId = "u-370883-gov" },
        }, PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer));
        Assert.Equal("邹城市新设单位", (await platform.Directory.GetUnitAsync(new GetUnitRequest { UnitId = unit.UnitId }, PlatformFixture.StaffHeaders("370883", Roles.Handler))).Name);
    }
}
