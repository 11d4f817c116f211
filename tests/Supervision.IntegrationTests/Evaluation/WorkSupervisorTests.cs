using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>
/// The cadre work supervisors through the real API: appointed by evaluation officers within their jurisdiction, they log
/// observations in their own area only and refer problems into intake on their own channel, anonymously and once.
/// Their area here is in 鱼台县 (370827), which other scenarios leave alone.
/// </summary>
public sealed class WorkSupervisorTests(PlatformFixture platform)
{
    private const string Township = "370827101";
    private const string TownshipUnit = "u-370827101-gov";
    private const string TownshipCadre = "c-0167";
    private const string Department = "u-370827-natural-resources";
    private const string DepartmentCadre = "c-0158";

    private static Metadata As(WorkSupervisor supervisor) => PlatformFixture.StaffHeadersAs(supervisor.SupervisorId, "370827", Roles.WorkSupervisor);

    private static string Today => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");

    /// <summary>A valid appointment; each call has its own phone and ID number.</summary>
    internal static AppointWorkSupervisorRequest Appointment(string? divisionCode = null, params string[] unitIds)
    {
        var first17 = "370827" + "19720314" + Random.Shared.Next(100, 999);
        var request = new AppointWorkSupervisorRequest
        {
            Name = "测试监督员", Gender = Gender.Male, DeputyKind = DeputyKind.PartyCongress, DeputyBody = "中共鱼台县第十三次代表大会",
            Area = new WorkSupervisorArea { DivisionCode = divisionCode ?? "" },
            Phone = "138" + Random.Shared.Next(10_000_000, 99_999_999),
            IdNumber = first17 + PersonalDataRules.ResidentIdCheckCharacter(first17), Address = "鱼台县谷亭街道" + Random.Shared.Next(1, 999) + "号",
        };
        request.Area.UnitIds.AddRange(unitIds);
        return request;
    }

    [Fact]
    public async Task Should_log_observations_in_the_area_only_and_refer_a_problem_into_intake_once()
    {
        var officer = PlatformFixture.StaffHeaders("370827", Roles.EvaluationOfficer);
        var supervisor = await platform.WorkSupervisors.AppointWorkSupervisorAsync(Appointment(Township), officer);
        Assert.Equal((Township, DeputyKind.PartyCongress), (supervisor.Area.DivisionCode, supervisor.DeputyKind));
        Assert.True(supervisor.SupervisorNumber > 37);

        var observed = new LogObservationRequest { ObservedOn = Today, UnitId = TownshipUnit, CadreId = TownshipCadre, Notes = "镇党委在干部选拔中未按规定进行民主推荐。" };
        var observation = await platform.WorkSupervisors.LogObservationAsync(observed, As(supervisor));
        Assert.Equal((supervisor.SupervisorId, TownshipCadre), (observation.SupervisorId, observation.CadreId));
        // The same observation logged again (a retry) is the same one.
        Assert.Equal(observation.ObservationId, (await platform.WorkSupervisors.LogObservationAsync(observed, As(supervisor))).ObservationId);

        // A unit outside the area is refused with words naming it; a cadre of another unit too.
        var outside = await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.LogObservationAsync(
            new LogObservationRequest { ObservedOn = Today, UnitId = Department, Notes = "县自然资源局干部调整程序不规范。" }, As(supervisor)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, outside.StatusCode);
        Assert.Contains("鱼台县自然资源和规划局", outside.Status.Detail);
        var notOfUnit = await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.LogObservationAsync(
            new LogObservationRequest { ObservedOn = Today, UnitId = TownshipUnit, CadreId = DepartmentCadre, Notes = "干部不在此单位。" }, As(supervisor)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notOfUnit.StatusCode);

        var refer = new ReferObservationRequest
        {
            ObservationId = observation.ObservationId, Category = "cadre-selection-and-appointment",
            Account = "王鲁镇党委在近期干部选拔中未按规定进行民主推荐，直接确定考察对象。",
        };
        var referral = await platform.WorkSupervisors.ReferObservationAsync(refer, As(supervisor));
        Assert.StartsWith("370827-", referral.TrackingNumber);
        Assert.Equal((observation.ObservationId, TownshipCadre), (referral.ObservationId, referral.CadreId));
        Assert.Equal(referral.ReportId, (await platform.WorkSupervisors.ReferObservationAsync(refer, As(supervisor))).ReportId);

        // Intake received it on the work supervisors' channel, anonymous: nothing of the supervisor.
        var report = await platform.Staff.GetReportAsync(new Supervision.Intake.V1.GetReportRequest { ReportId = referral.ReportId },
            PlatformFixture.StaffHeaders("370827", Roles.IntakeClerk));
        Assert.Equal((Supervision.Intake.V1.Channel.WorkSupervisorReferral, false), (report.Summary.Channel, report.Summary.RealName));
        Assert.Equal(TownshipCadre, Assert.Single(report.Summary.Subjects).CadreId);
        Assert.DoesNotContain(supervisor.SupervisorId, report.ToString());

        var mine = await platform.WorkSupervisors.ListMyReferralsAsync(new ListMyReferralsRequest(), As(supervisor));
        Assert.Equal(referral.ReportId, Assert.Single(mine.Referrals).ReportId);

        // The supervisor follows it: routed to a unit, acknowledged, concluded with its outcome, from routing's events.
        Task<SupervisorReferral> MineAsync() => platform.WorkSupervisors.ListMyReferralsAsync(new ListMyReferralsRequest(), As(supervisor))
            .ResponseAsync.ContinueWith(t => t.Result.Referrals.Single());
        var routed = await Eventually.ReachedAsync(MineAsync, r => r.Progress.Stage >= ReferralStage.Routed, "the referral routed");
        var @case = await Routing.RoutingScenarioTests.WaitForCaseAsync(platform, referral.ReportId);
        Assert.Equal((@case.CaseId, @case.LeadUnitId), (routed.Progress.CaseId, routed.Progress.UnitId));
        Assert.Contains(routed.Progress.UnitName, routed.Progress.StageText);
        var handler = PlatformFixture.StaffHeaders("370827", Roles.Handler);
        await platform.Cases.AcknowledgeCaseAsync(new Supervision.Routing.V1.AcknowledgeCaseRequest { CaseId = @case.CaseId, UnitId = @case.LeadUnitId }, handler);
        await Eventually.ReachedAsync(MineAsync, r => r.Progress.Stage >= ReferralStage.Acknowledged, "the referral acknowledged");
        await platform.Cases.RecordInvestigationStepAsync(new Supervision.Routing.V1.RecordInvestigationStepRequest
        {
            CaseId = @case.CaseId, UnitId = @case.LeadUnitId, Kind = "site-visit", Note = "赴王鲁镇核查干部选拔材料",
        }, handler);
        await platform.Cases.ConcludeCaseAsync(new Supervision.Routing.V1.ConcludeCaseRequest
        {
            CaseId = @case.CaseId, UnitId = @case.LeadUnitId, Outcome = Supervision.Routing.V1.Outcome.Unsubstantiated,
            Findings = "民主推荐程序符合规定", PublicSummary = "经核查，反映问题不属实。",
        }, handler);
        var concluded = await Eventually.ReachedAsync(MineAsync, r => r.Progress.Stage >= ReferralStage.Concluded, "the referral concluded");
        Assert.Equal(("unsubstantiated", "经核查，反映问题不属实。"), (concluded.Progress.Outcome, concluded.Progress.PublicSummary));
        Assert.Contains("unsubstantiated", concluded.Progress.StageText);
        Assert.NotNull(concluded.Progress.ConcludedAt);

        // Another supervisor neither sees nor refers this one's observations.
        var other = await platform.WorkSupervisors.AppointWorkSupervisorAsync(Appointment(null, Department), officer);
        Assert.Empty((await platform.WorkSupervisors.ListMyReferralsAsync(new ListMyReferralsRequest(), As(other))).Referrals);
        var notTheirs = await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.ReferObservationAsync(refer, As(other)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notTheirs.StatusCode);
        // The other's area is a set of units: the department is in it, the township is not.
        await platform.WorkSupervisors.LogObservationAsync(new LogObservationRequest { ObservedOn = Today, UnitId = Department, CadreId = DepartmentCadre,
            Notes = "局党组讨论干部任免时到会人数不足。" }, As(other));
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.LogObservationAsync(
            new LogObservationRequest { ObservedOn = Today, UnitId = TownshipUnit, Notes = "不在范围内。" }, As(other)).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Should_let_only_the_right_callers_through()
    {
        var countyOfficer = PlatformFixture.StaffHeaders("370827", Roles.EvaluationOfficer);
        var supervisor = await platform.WorkSupervisors.AppointWorkSupervisorAsync(Appointment(null, Department, "u-370827-education"), countyOfficer);
        var client = platform.WorkSupervisors;
        var calls = new Dictionary<string, Func<Metadata?, Task>>
        {
            ["AppointWorkSupervisor"] = h => client.AppointWorkSupervisorAsync(Appointment(Township), h).ResponseAsync,
            ["GetWorkSupervisor"] = h => client.GetWorkSupervisorAsync(new GetWorkSupervisorRequest { SupervisorId = supervisor.SupervisorId }, h).ResponseAsync,
            ["ListWorkSupervisors"] = h => client.ListWorkSupervisorsAsync(new ListWorkSupervisorsRequest(), h).ResponseAsync,
            ["LogObservation"] = h => client.LogObservationAsync(new LogObservationRequest { ObservedOn = Today, UnitId = Department, Notes = "例行观察。" }, h).ResponseAsync,
            ["ReferObservation"] = h => client.ReferObservationAsync(new ReferObservationRequest { ObservationId = Guid.NewGuid().ToString(), Category = "other", Account = "一条不存在的观察记录的转交。" }, h).ResponseAsync,
            ["ListMyReferrals"] = h => client.ListMyReferralsAsync(new ListMyReferralsRequest(), h).ResponseAsync,
        };
        var supervisorMethods = new[] { "LogObservation", "ReferObservation", "ListMyReferrals" };
        foreach (var (method, call) in calls)
        {
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => call(null))).StatusCode);
            var wrongRole = supervisorMethods.Contains(method) ? Roles.EvaluationOfficer : Roles.Handler;
            Assert.Equal(StatusCode.PermissionDenied,
                (await Assert.ThrowsAsync<RpcException>(() => call(PlatformFixture.StaffHeaders("370800", wrongRole)))).StatusCode);
        }
        // A work-supervisor token whose subject is no supervisor on record is refused.
        var stranger = PlatformFixture.StaffHeadersAs(Guid.NewGuid().ToString(), "370827", Roles.WorkSupervisor);
        foreach (var method in supervisorMethods)
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => calls[method](stranger))).StatusCode);
        }
        // The right supervisor: an observation in their area, their (empty) referrals, an observation of theirs that does not exist.
        await calls["LogObservation"](As(supervisor));
        await calls["ListMyReferrals"](As(supervisor));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => calls["ReferObservation"](As(supervisor)))).StatusCode);
        // A supervisor reads themself, not another.
        Assert.Equal(supervisor.SupervisorNumber, (await client.GetWorkSupervisorAsync(new GetWorkSupervisorRequest { SupervisorId = supervisor.SupervisorId }, As(supervisor))).SupervisorNumber);
        var another = await client.AppointWorkSupervisorAsync(Appointment(Township), countyOfficer);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            client.GetWorkSupervisorAsync(new GetWorkSupervisorRequest { SupervisorId = another.SupervisorId }, As(supervisor)).ResponseAsync)).StatusCode);

        // The wrong division: another county's officer neither appoints in 鱼台县 nor reads its supervisors.
        var zoucheng = PlatformFixture.StaffHeaders("370883", Roles.EvaluationOfficer);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => calls["AppointWorkSupervisor"](zoucheng))).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => calls["GetWorkSupervisor"](zoucheng))).StatusCode);
        var zouchengList = await client.ListWorkSupervisorsAsync(new ListWorkSupervisorsRequest { PageSize = 100 }, PlatformFixture.StaffHeaders("370883", Roles.Auditor));
        Assert.DoesNotContain(zouchengList.Supervisors, s => s.SupervisorId == supervisor.SupervisorId);
        Assert.All(zouchengList.Supervisors, s => Assert.True(s.Area.DivisionCode.StartsWith("370883") || s.Area.UnitIds.Any(u => u.StartsWith("u-370883"))));

        // The right readers: the county's oversight officer reads and lists it, paging through.
        var reader = PlatformFixture.StaffHeaders("370827", Roles.OversightOfficer);
        Assert.Equal(DeputyKind.PartyCongress, (await client.GetWorkSupervisorAsync(new GetWorkSupervisorRequest { SupervisorId = supervisor.SupervisorId }, reader)).DeputyKind);
        var first = await client.ListWorkSupervisorsAsync(new ListWorkSupervisorsRequest { PageSize = 1 }, reader);
        var second = await client.ListWorkSupervisorsAsync(new ListWorkSupervisorsRequest { PageSize = 1, PageToken = first.NextPageToken }, reader);
        Assert.NotEqual(Assert.Single(first.Supervisors).SupervisorId, Assert.Single(second.Supervisors).SupervisorId);
    }

    public static readonly TheoryData<string, string> BadAppointments = new()
    {
        { "no name", "name" },
        { "no gender", "gender" },
        { "no deputy kind", "deputy_kind" },
        { "no deputy body", "deputy_body" },
        { "no area", "area" },
        { "both a division and units", "area" },
        { "unknown area division", "area.division_code" },
        { "unknown area unit", "area.unit_ids[0]" },
        { "area unit twice", "area.unit_ids[1]" },
        { "phone not a phone", "phone" },
        { "id number check digit", "id_number" },
        { "no address", "address" },
    };

    [Theory]
    [MemberData(nameof(BadAppointments))]
    public async Task Should_refuse_a_bad_appointment_naming_the_field(string badness, string field)
    {
        var request = Appointment(Township);
        switch (badness)
        {
            case "no name": request.Name = ""; break;
            case "no gender": request.Gender = Gender.Unspecified; break;
            case "no deputy kind": request.DeputyKind = DeputyKind.Unspecified; break;
            case "no deputy body": request.DeputyBody = ""; break;
            case "no area": request.Area = null; break;
            case "both a division and units": request.Area.UnitIds.Add(Department); break;
            case "unknown area division": request.Area.DivisionCode = "370899"; break;
            case "unknown area unit": request.Area = new WorkSupervisorArea { UnitIds = { "u-nowhere" } }; break;
            case "area unit twice": request.Area = new WorkSupervisorArea { UnitIds = { Department, Department } }; break;
            case "phone not a phone": request.Phone = "12345"; break;
            case "id number check digit": request.IdNumber = request.IdNumber[..17] + (request.IdNumber[17] == '1' ? '2' : '1'); break;
            case "no address": request.Address = ""; break;
        }
        var violations = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() =>
            platform.WorkSupervisors.AppointWorkSupervisorAsync(request, PlatformFixture.StaffHeaders("370827", Roles.EvaluationOfficer)).ResponseAsync));
        Assert.True(violations.ContainsKey(field), $"expected a violation of {field}, got {string.Join(", ", violations.Keys)}");
    }

    [Fact]
    public async Task Should_refuse_bad_observations_and_referrals_naming_every_field()
    {
        var supervisor = await platform.WorkSupervisors.AppointWorkSupervisorAsync(Appointment(Township), PlatformFixture.StaffHeaders("370827", Roles.EvaluationOfficer));
        var observation = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.LogObservationAsync(
            new LogObservationRequest { ObservedOn = "2099-01-01", UnitId = "u-nowhere", CadreId = "c-none", Notes = "" }, As(supervisor)).ResponseAsync));
        Assert.True(new[] { "observed_on", "unit_id", "cadre_id", "notes" }.All(observation.ContainsKey), string.Join(", ", observation.Keys));
        var notADate = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.LogObservationAsync(
            new LogObservationRequest { ObservedOn = "1.3.2026", UnitId = TownshipUnit, Notes = "x" }, As(supervisor)).ResponseAsync));
        Assert.Equal("observed_on", Assert.Single(notADate).Key);
        var referral = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.ReferObservationAsync(
            new ReferObservationRequest { ObservationId = "42", Category = "bribery", Account = "太短" }, As(supervisor)).ResponseAsync));
        Assert.True(new[] { "observation_id", "category", "account" }.All(referral.ContainsKey), string.Join(", ", referral.Keys));
        var page = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.ListMyReferralsAsync(
            new ListMyReferralsRequest { PageSize = 1000 }, As(supervisor)).ResponseAsync));
        Assert.True(page.ContainsKey("page_size"));
        var id = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.WorkSupervisors.GetWorkSupervisorAsync(
            new GetWorkSupervisorRequest { SupervisorId = "ws-1" }, PlatformFixture.StaffHeaders("370800", Roles.Auditor)).ResponseAsync));
        Assert.True(id.ContainsKey("supervisor_id"));
    }

    [Fact]
    public async Task Should_hold_the_demo_citys_37_supervisors_with_their_contact_sealed()
    {
        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        var demo = (await connection.QueryAsync<(int Number, string Kind, string[] Divisions, byte[] Contact)>(
            "select supervisor_number, deputy_kind, area_divisions, sealed_contact from work_supervisors where demo order by supervisor_number")).ToList();
        Assert.Equal(Enumerable.Range(1, 37), demo.Select(d => d.Number));
        Assert.True(demo.Count(d => d.Kind == "party-congress") > demo.Count / 2);
        Assert.Equal(11, demo.SelectMany(d => d.Divisions).Select(d => d[..6]).Distinct().Count());
        // Sealed: the contact's JSON (its "Phone" key) is not in the stored bytes.
        Assert.All(demo, d => Assert.True(d.Contact.AsSpan().IndexOf("\"Phone\""u8) < 0));

        var city = await platform.WorkSupervisors.ListWorkSupervisorsAsync(new ListWorkSupervisorsRequest { PageSize = 100 }, PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.True(city.Supervisors.Count(s => s.AppointedAt.ToDateTime() < new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)) >= 37);
    }
}
