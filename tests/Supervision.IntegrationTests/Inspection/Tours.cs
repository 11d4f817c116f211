using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>Plans and tours for inspection scenarios: each scenario plans its own ad hoc tour, so scenarios never share a target.</summary>
public static class Tours
{
    /// <summary>The city's plan staff (organization department).</summary>
    public static Metadata PlanStaff => PlatformFixture.StaffHeadersAs("plan-staff-370800", "370800", Roles.PlanStaff);

    public static Metadata Auditor => PlatformFixture.StaffHeadersAs("auditor-370800", "370800", Roles.Auditor);

    /// <summary>An inspector's token: the subject is their id.</summary>
    public static Metadata Inspector(string inspectorId) => PlatformFixture.StaffHeadersAs(inspectorId, "370800", Roles.Inspector);

    public static CreatePlanRequest AdHocPlan() => new() { Kind = PlanKind.AdHoc, Year = 2026, Title = "2026年专项巡察 " + Guid.NewGuid().ToString("N")[..6] };

    public static ChooseTargetRequest Choice(string planId, TargetKind kind, string id, int round = 0) => new()
    {
        PlanId = planId,
        Round = round,
        Target = new Target { Kind = kind, Id = id },
        StartsOn = "2026-12-01",
        Reason = "举报量高于全市中位数，且换届临近，列为本轮巡察对象。",
    };

    /// <summary>A planned tour of the target, on a plan of its own.</summary>
    public static async Task<Tour> PlannedAsync(PlatformFixture platform, TargetKind kind, string id)
    {
        var plan = await platform.Planning.CreatePlanAsync(AdHocPlan(), PlanStaff);
        return await platform.Planning.ChooseTargetAsync(Choice(plan.PlanId, kind, id), PlanStaff);
    }
}
