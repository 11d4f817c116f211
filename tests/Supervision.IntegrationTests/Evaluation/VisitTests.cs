using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>Visits and secret visits through the real API: sealed from the visited unit until done, never showing who visited.</summary>
public sealed class VisitTests(PlatformFixture platform)
{
    private const string Unit = "u-370800-approval";
    private const string Window = "u-370800-approval-w01";
    private const string OtherUnit = "u-370800-hrss";

    /// <summary>The visited unit's contact: the token's subject is the unit's id.</summary>
    private static Metadata ContactOf(string unitId) => PlatformFixture.StaffHeadersAs(unitId, "370800", Roles.TargetUnitContact);

    private static string CityDay(int days) => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(days).ToString("yyyy-MM-dd");

    private static PlanVisitRequest Plan(bool secret, params string[] memberIds) => new()
    {
        Title = secret ? "市行政审批服务局综合受理窗口暗访" : "市行政审批服务局走访",
        Secret = secret,
        Targets = { new VisitTarget { UnitId = Unit, WindowId = Window }, new VisitTarget { UnitId = OtherUnit } },
        StartsOn = CityDay(-1),
        EndsOn = CityDay(7),
        MemberIds = { memberIds },
    };

    private static RecordVisitRequest Record(string planId, string memberId, string unitId, string windowId, double score) => new()
    {
        PlanId = planId, MemberId = memberId, UnitId = unitId, WindowId = windowId,
        VisitedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)),
        Observations = "窗口工作人员迟到二十分钟，群众排队等候，叫号系统故障未告知。", Score = score,
        EvidenceNotes = { "09:20 排队照片一张", "叫号屏幕截图" },
    };

    [Fact]
    public async Task Should_seal_a_secret_visit_from_the_visited_unit_until_it_is_done()
    {
        var officer = PanelRequests.CityOfficer;
        var member = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application());
        var plan = await platform.Visits.PlanVisitAsync(Plan(true, member.MemberId), officer);
        Assert.Equal([member.PanelNumber], plan.PanelNumbers);
        Assert.Equal(VisitStatus.Planned, plan.Status);

        await AssertSealedAsync(plan.PlanId, Unit);
        var auditor = await platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = plan.PlanId }, PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.True(auditor.Secret);
        Assert.Equal([member.PanelNumber], auditor.PanelNumbers);

        var recorded = await platform.Visits.RecordVisitAsync(Record(plan.PlanId, member.MemberId, Unit, Window, 62.5), officer);
        Assert.Equal(member.PanelNumber, recorded.PanelNumber);
        await platform.Visits.RecordVisitAsync(Record(plan.PlanId, member.MemberId, OtherUnit, "", 88), officer);
        await AssertSealedAsync(plan.PlanId, Unit);

        var done = await platform.Visits.CompleteVisitAsync(new CompleteVisitRequest { PlanId = plan.PlanId }, officer);
        Assert.Equal(VisitStatus.Done, done.Status);
        Assert.Equal(2, done.Records.Count);

        var seen = await platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = plan.PlanId }, ContactOf(Unit));
        Assert.True(seen.Secret);
        Assert.Empty(seen.PanelNumbers);
        Assert.Equal([Unit], seen.Targets.Select(t => t.UnitId));
        var record = Assert.Single(seen.Records);
        Assert.Equal((0, 62.5, recorded.Observations), (record.PanelNumber, record.Score, record.Observations));
        Assert.Equal(recorded.EvidenceNotes, record.EvidenceNotes);
        var listed = await platform.Visits.ListVisitPlansAsync(new ListVisitPlansRequest { PageSize = 100 }, ContactOf(Unit));
        Assert.Contains(listed.Plans, p => p.PlanId == plan.PlanId && p.PanelNumbers.Count == 0);
        // A unit the plan never visited learns nothing of it.
        await AssertSealedAsync(plan.PlanId, "u-370800-education");

        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        var payload = Assert.Single(await connection.QueryAsync<string>(
            "select payload::text from outbox_messages where message_type like '%VisitCompleted' and payload->>'planId' = @id", new { id = plan.PlanId }));
        Assert.DoesNotContain(member.MemberId, payload);
        Assert.Contains(Unit, payload);
    }

    [Fact]
    public async Task Should_show_an_announced_visit_at_once_and_refuse_conflicted_members_and_late_records()
    {
        var officer = PanelRequests.CityOfficer;
        var member = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application());
        var other = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application("enterprise"));
        var employee = PanelRequests.Application();
        employee.EmployerUnitId = Unit;
        var conflicted = await PanelRequests.AppointAsync(platform.Panel, employee);

        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.PlanVisitAsync(Plan(false, member.MemberId, conflicted.MemberId), officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("conflict", refused.Status.Detail);
        var inChinese = new Metadata { { "accept-language", "zh-CN" } };
        foreach (var header in officer)
        {
            inChinese.Add(header);
        }
        var chinese = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.PlanVisitAsync(Plan(false, conflicted.MemberId), inChinese).ResponseAsync);
        Assert.Contains("利害关系", chinese.Status.Detail);

        var plan = await platform.Visits.PlanVisitAsync(Plan(false, member.MemberId), officer);
        var seen = await platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = plan.PlanId }, ContactOf(Unit));
        Assert.Equal((false, VisitStatus.Planned), (seen.Secret, seen.Status));
        Assert.Empty(seen.PanelNumbers);

        var empty = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.CompleteVisitAsync(new CompleteVisitRequest { PlanId = plan.PlanId }, officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, empty.StatusCode);
        var notOnPlan = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.RecordVisitAsync(Record(plan.PlanId, other.MemberId, Unit, Window, 70), officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notOnPlan.StatusCode);
        await platform.Visits.RecordVisitAsync(Record(plan.PlanId, member.MemberId, Unit, Window, 70), officer);
        await platform.Visits.CompleteVisitAsync(new CompleteVisitRequest { PlanId = plan.PlanId }, officer);
        var late = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.RecordVisitAsync(Record(plan.PlanId, member.MemberId, OtherUnit, "", 70), officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        Assert.Contains("done", late.Status.Detail);
    }

    [Fact]
    public async Task Should_refuse_bad_visit_requests_naming_each_field()
    {
        var officer = PanelRequests.CityOfficer;
        var member = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application());
        var plan = await platform.Visits.PlanVisitAsync(Plan(true, member.MemberId), officer);
        PlanVisitRequest Changed(Action<PlanVisitRequest> change)
        {
            var request = Plan(true, member.MemberId);
            change(request);
            return request;
        }
        RecordVisitRequest RecordChanged(Action<RecordVisitRequest> change)
        {
            var request = Record(plan.PlanId, member.MemberId, Unit, Window, 70);
            change(request);
            return request;
        }
        var cases = new (Func<Task> Call, string Field)[]
        {
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.Title = ""), officer).ResponseAsync, "title"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.Targets.Clear()), officer).ResponseAsync, "targets"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.Targets[0].UnitId = "u-none"), officer).ResponseAsync, "targets[0].unit_id"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.Targets[1].WindowId = Window), officer).ResponseAsync, "targets[1].window_id"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.Targets.Add(new VisitTarget { UnitId = OtherUnit })), officer).ResponseAsync, "targets[2]"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.StartsOn = "2026/03/01"), officer).ResponseAsync, "starts_on"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.EndsOn = CityDay(-3)), officer).ResponseAsync, "ends_on"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => { r.StartsOn = CityDay(5); r.EndsOn = CityDay(2); }), officer).ResponseAsync, "ends_on"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.EndsOn = CityDay(200)), officer).ResponseAsync, "ends_on"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.MemberIds.Clear()), officer).ResponseAsync, "member_ids"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.MemberIds[0] = "m-1"), officer).ResponseAsync, "member_ids[0]"),
            (() => platform.Visits.PlanVisitAsync(Changed(r => r.MemberIds.Add(member.MemberId)), officer).ResponseAsync, "member_ids[1]"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.Score = 101), officer).ResponseAsync, "score"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.Score = double.NaN), officer).ResponseAsync, "score"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.VisitedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(2))), officer).ResponseAsync, "visited_at"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.VisitedAt = null), officer).ResponseAsync, "visited_at"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.Observations = ""), officer).ResponseAsync, "observations"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.EvidenceNotes.Add("")), officer).ResponseAsync, "evidence_notes[2]"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.PlanId = "p-1"), officer).ResponseAsync, "plan_id"),
            (() => platform.Visits.RecordVisitAsync(RecordChanged(r => r.UnitId = ""), officer).ResponseAsync, "unit_id"),
            (() => platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = "x" }, officer).ResponseAsync, "plan_id"),
            (() => platform.Visits.ListVisitPlansAsync(new ListVisitPlansRequest { UnitId = "u-none" }, officer).ResponseAsync, "unit_id"),
            (() => platform.Visits.ListVisitPlansAsync(new ListVisitPlansRequest { PageSize = 1000 }, officer).ResponseAsync, "page_size"),
        };
        foreach (var (call, field) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            var violations = Reports.Violations(error);
            Assert.True(violations.ContainsKey(field), $"expected {field}, got {string.Join(", ", violations.Keys)}");
        }
    }

    [Fact]
    public async Task Should_let_only_officers_change_plans_and_each_caller_read_only_its_part()
    {
        var member = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application());
        var plan = await platform.Visits.PlanVisitAsync(Plan(false, member.MemberId), PanelRequests.CityOfficer);
        var get = new GetVisitPlanRequest { PlanId = plan.PlanId };
        var refusals = new (Func<Task> Call, StatusCode Status)[]
        {
            (() => platform.Visits.PlanVisitAsync(Plan(false, member.MemberId)).ResponseAsync, StatusCode.Unauthenticated),
            (() => platform.Visits.GetVisitPlanAsync(get).ResponseAsync, StatusCode.Unauthenticated),
            (() => platform.Visits.PlanVisitAsync(Plan(false, member.MemberId), PlatformFixture.StaffHeaders("370800", Roles.Auditor)).ResponseAsync, StatusCode.PermissionDenied),
            (() => platform.Visits.PlanVisitAsync(Plan(false, member.MemberId), ContactOf(Unit)).ResponseAsync, StatusCode.PermissionDenied),
            // A county's officer cannot plan a visit of city units, nor record or complete one.
            (() => platform.Visits.PlanVisitAsync(Plan(false, member.MemberId), PlatformFixture.StaffHeaders("370883", Roles.EvaluationOfficer)).ResponseAsync, StatusCode.PermissionDenied),
            (() => platform.Visits.CompleteVisitAsync(new CompleteVisitRequest { PlanId = plan.PlanId }, PlatformFixture.StaffHeaders("370883", Roles.EvaluationOfficer)).ResponseAsync, StatusCode.PermissionDenied),
            (() => platform.Visits.GetVisitPlanAsync(get, PlatformFixture.StaffHeaders("370883", Roles.Auditor)).ResponseAsync, StatusCode.PermissionDenied),
            (() => platform.Visits.GetVisitPlanAsync(get, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk)).ResponseAsync, StatusCode.PermissionDenied),
            (() => platform.Visits.ListVisitPlansAsync(new ListVisitPlansRequest { UnitId = OtherUnit }, ContactOf(Unit)).ResponseAsync, StatusCode.PermissionDenied),
            (() => platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = Guid.NewGuid().ToString() }, PanelRequests.CityOfficer).ResponseAsync, StatusCode.NotFound),
        };
        foreach (var (call, status) in refusals)
        {
            Assert.Equal(status, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        }
        var oversight = await platform.Visits.ListVisitPlansAsync(new ListVisitPlansRequest { UnitId = Unit, PageSize = 100 },
            PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer));
        Assert.Contains(oversight.Plans, p => p.PlanId == plan.PlanId && p.PanelNumbers.SequenceEqual([member.PanelNumber]));
    }

    /// <summary>The visited unit's contact cannot read the plan, nor find it in its list: the same NOT_FOUND as no plan at all.</summary>
    private async Task AssertSealedAsync(string planId, string unitId)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => platform.Visits.GetVisitPlanAsync(new GetVisitPlanRequest { PlanId = planId },
            ContactOf(unitId)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var listed = await platform.Visits.ListVisitPlansAsync(new ListVisitPlansRequest { PageSize = 100 }, ContactOf(unitId));
        Assert.DoesNotContain(listed.Plans, p => p.PlanId == planId);
    }
}
