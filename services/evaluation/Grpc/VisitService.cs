using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Visits;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.Referrals;
using Supervision.Evaluation.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>
/// Visits and secret visits: evaluation officers plan, record and complete them within their jurisdiction over every visited
/// unit; staff readers read them; a visited unit's contact reads its own unit's part once it may (never a secret plan early).
/// </summary>
public sealed class VisitService(VisitPlans visits, VisitProblems problems, CityDirectory directory, TimeProvider time) : V1.Visits.VisitsBase
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    /// <summary>Staff readers of visit plans, and the visited unit's contact (its own unit's part only).</summary>
    private static readonly IReadOnlyList<string> PlanReaders = [.. EvaluationAccess.Readers, Roles.TargetUnitContact];

    public override async Task<VisitPlan> PlanVisit(PlanVisitRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var draft = VisitValidator.Validate(request, directory, VisitRules.CityDate(time.GetUtcNow()));
        foreach (var target in draft.Targets)
        {
            directory.RequireJurisdiction(caller, target.DivisionCode);
        }
        return ToProto(await PanelService.Found(() => visits.PlanAsync(draft, caller.Subject, context.CancellationToken)));
    }

    public override async Task<VisitPlan> GetVisitPlan(GetVisitPlanRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, PlanReaders, "roles.visit-read");
        var id = ReadPlanId(request.PlanId);
        var view = await visits.FindAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("visit.not-found");
        if (caller.IsInAnyRole(EvaluationAccess.Readers))
        {
            if (!view.Targets.Any(t => directory.Covers(caller.DivisionCode, t.DivisionCode)))
            {
                directory.RequireJurisdiction(caller, view.Targets[0].DivisionCode);
            }
            var reply = ToProto(view);
            reply.Problems.AddRange((await problems.ForPlanAsync(id, context.CancellationToken)).Select(p => ToProto(p.Problem, p.Progress, directory)));
            return reply;
        }
        // A visited unit cannot tell a sealed plan from none: the same NOT_FOUND.
        return ToProto(view.ForVisitedUnit(caller.Subject) ?? throw PanelService.NotFound("visit.not-found"));
    }

    public override async Task<ListVisitPlansResponse> ListVisitPlans(ListVisitPlansRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, PlanReaders, "roles.visit-read");
        var violations = new FieldViolations();
        var (before, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        var unit = request.UnitId.Length > 0 ? directory.FindUnit(request.UnitId) : null;
        if (request.UnitId.Length > 0 && unit is null)
        {
            violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        }
        violations.ThrowIfAny();
        var staff = caller.IsInAnyRole(EvaluationAccess.Readers);
        string? unitId;
        IReadOnlyList<string>? divisions = null;
        if (staff)
        {
            unitId = unit?.Id;
            directory.RequireJurisdiction(caller, unit?.DivisionCode ?? caller.DivisionCode);
            divisions = unit is not null || caller.DivisionCode == directory.CityCode ? null : directory.Subtree(caller.DivisionCode);
        }
        else
        {
            if (unit is not null && unit.Id != caller.Subject)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, EvaluationTexts.Words["roles.visit-read", string.Join(", ", EvaluationAccess.Readers)]));
            }
            unitId = caller.Subject;
        }
        var plans = await visits.ListAsync(unitId, divisions, visitedUnitReader: !staff, before, size, context.CancellationToken);
        var response = new ListVisitPlansResponse
        {
            NextPageToken = plans.Count == size ? PageToken.Encode(plans[^1].Plan.PlannedAt, plans[^1].Plan.Id) : "",
        };
        response.Plans.AddRange(plans.Select(p => staff ? p : p.ForVisitedUnit(caller.Subject)).OfType<VisitPlanView>().Select(ToProto));
        return response;
    }

    public override async Task<V1.VisitRecord> RecordVisit(RecordVisitRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var (planId, finding) = VisitValidator.Validate(request, directory, time.GetUtcNow());
        await RequirePlanJurisdictionAsync(caller, planId, context);
        return ToProto(await PanelService.Found(() => visits.RecordAsync(planId, finding, caller.Subject, context.CancellationToken)));
    }

    public override async Task<VisitPlan> CompleteVisit(CompleteVisitRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var id = ReadPlanId(request.PlanId);
        await RequirePlanJurisdictionAsync(caller, id, context);
        return ToProto(await PanelService.Found(() => visits.CompleteAsync(id, caller.Subject, context.CancellationToken)));
    }

    public override async Task<VisitProblem> ReferProblem(ReferProblemRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var planId = ApplicationValidator.ReadId("plan_id", request.PlanId, violations);
        var recordId = ApplicationValidator.ReadId("record_id", request.RecordId, violations);
        WorkSupervisorValidator.ValidateReferral(request.Category, request.Account, violations);
        if (request.CadreId.Length > 0 && directory.FindCadre(request.CadreId) is null)
        {
            violations.Add("cadre_id", PlatformTexts.Words["field.unknown-cadre", request.CadreId]);
        }
        violations.ThrowIfAny();
        await RequirePlanJurisdictionAsync(caller, planId, context);
        return ToProto(await PanelService.Found(() => problems.ReferAsync(planId, recordId, request.Category, request.Account,
            request.CadreId.Length > 0 ? request.CadreId : null, caller.Subject, context.CancellationToken)), null, directory);
    }

    /// <summary>A referred problem for staff readers, with what became of its report so far.</summary>
    internal static VisitProblem ToProto(VisitProblemRecord problem, ReferralProgressRecord? progress, CityDirectory directory) => new()
    {
        Progress = ReferralProgressView.ToProto(progress, problem.TrackingNumber, directory),
        ProblemId = problem.Id.ToString(), RecordId = problem.RecordId.ToString(), UnitId = problem.UnitId, Category = problem.Category,
        CadreId = problem.CadreId ?? "", ReportId = problem.ReportId?.ToString() ?? "", TrackingNumber = problem.TrackingNumber ?? "",
        ReferredAt = problem.ReferredAt is { } at ? Utc(at) : null,
    };

    /// <summary>An officer changes a plan only with jurisdiction over every unit it visits.</summary>
    private async Task RequirePlanJurisdictionAsync(StaffCaller caller, Guid planId, ServerCallContext context)
    {
        var view = await visits.FindAsync(planId, context.CancellationToken) ?? throw PanelService.NotFound("visit.not-found");
        foreach (var target in view.Targets)
        {
            directory.RequireJurisdiction(caller, target.DivisionCode);
        }
    }

    private static Guid ReadPlanId(string value)
    {
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("plan_id", value, violations);
        violations.ThrowIfAny();
        return id;
    }

    private static VisitPlan ToProto(VisitPlanView view)
    {
        var plan = view.Plan;
        var reply = new VisitPlan
        {
            PlanId = plan.Id.ToString(),
            Title = plan.Title,
            Secret = plan.Secret,
            Status = view.Done ? VisitStatus.Done : VisitStatus.Planned,
            StartsOn = plan.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EndsOn = plan.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PlannedAt = Utc(plan.PlannedAt),
            CompletedAt = plan.CompletedAt is { } completed ? Utc(completed) : null,
        };
        reply.Targets.AddRange(view.Targets.Select(t => new VisitTarget { UnitId = t.UnitId, WindowId = t.WindowId }));
        reply.PanelNumbers.AddRange(view.Members.Select(m => m.PanelNumber));
        reply.Records.AddRange(view.Records.Select(ToProto));
        return reply;
    }

    private static V1.VisitRecord ToProto(VisitRecordRow record)
    {
        var reply = new V1.VisitRecord
        {
            RecordId = record.Id.ToString(), UnitId = record.UnitId, WindowId = record.WindowId, PanelNumber = record.PanelNumber,
            VisitedAt = Utc(record.VisitedAt), Observations = record.Observations, Score = record.Score,
        };
        reply.EvidenceNotes.AddRange(record.EvidenceNotes);
        return reply;
    }

    private static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
