using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.Inspection.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Grpc;

/// <summary>
/// Rectification after feedback: the target unit's contact (token subject: the unit id) moves their unit's items; plan staff,
/// auditors and the tour's team read the list and the progress.
/// </summary>
[Authorize]
public sealed class RectificationService(RectificationSteps rectification, TourPlanningSteps planning, CityDirectory directory,
    RecommendationSteps recommendations)
    : V1.Rectification.RectificationBase
{
    public override async Task<RectificationItem> UpdateRectification(UpdateRectificationRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.TargetUnitContact);
        var violations = new FieldViolations();
        var itemId = EdgeRules.Id(violations, "item_id", request.ItemId);
        if (request.State is not (RectificationState.InProgress or RectificationState.SubmittedForVerification))
        {
            violations.Add("state", PlatformTexts.Words["field.one-of", "RECTIFICATION_STATE_IN_PROGRESS, RECTIFICATION_STATE_SUBMITTED_FOR_VERIFICATION"]);
        }
        var evidence = request.State == RectificationState.SubmittedForVerification
            ? EdgeRules.Text(violations, "evidence", request.Evidence, 10, 2000)
            : request.Evidence.Trim();
        if (evidence.Length > 2000) violations.Add("evidence", PlatformTexts.Words["field.max-length-got", 2000, evidence.Length]);
        violations.ThrowIfAny();
        return ProtoMapping.Item(await EdgeRules.Refusals(() => rectification.UpdateAsync(itemId, caller.Subject,
            ProtoMapping.RectificationStateNames[request.State], evidence, context.CancellationToken)));
    }

    public override async Task<RectificationList> ListRectification(ListRectificationRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor, Roles.Inspector, Roles.TargetUnitContact);
        var tour = await TourInReachAsync(caller, request.TourId, context);
        var items = await rectification.OfTourAsync(tour.Id, context.CancellationToken);
        // A unit's contact sees their own unit's items only.
        return ProtoMapping.Items(caller.IsInAnyRole([Roles.PlanStaff, Roles.Auditor, Roles.Inspector])
            ? items
            : items.Where(i => i.ResponsibleUnitId == caller.Subject));
    }

    public override async Task<Progress> GetProgress(GetProgressRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor, Roles.Inspector);
        if (request.ScopeCase == GetProgressRequest.ScopeOneofCase.Target)
        {
            if (!caller.IsInAnyRole([Roles.PlanStaff, Roles.Auditor]))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["auth.role", Roles.PlanStaff + ", " + Roles.Auditor]));
            }
            var target = ProtoMapping.TargetKindNames.TryGetValue(request.Target.Kind, out var kind) ? TourTarget.Find(directory, kind, request.Target.Id) : null;
            if (target is null) throw FieldViolations.Single("target.id", InspectionTexts.Words["field.unknown-target", request.Target.Id]);
            directory.RequireJurisdiction(caller, target.DivisionCode);
            var ofTarget = ProtoMapping.Progress(RectificationSteps.Progress(await rectification.OfTargetAsync(target, context.CancellationToken)));
            ofTarget.LeadershipTeamsAdjusted = await recommendations.TeamsAdjustedAsync(null, target, context.CancellationToken);
            return ofTarget;
        }
        var tour = await TourInReachAsync(caller, request.TourId, context);
        var progress = ProtoMapping.Progress(RectificationSteps.Progress(await rectification.OfTourAsync(tour.Id, context.CancellationToken)));
        progress.LeadershipTeamsAdjusted = await recommendations.TeamsAdjustedAsync(tour.Id, null, context.CancellationToken);
        return progress;
    }

    /// <summary>The tour within the caller's reach: plan staff and auditors by jurisdiction, inspectors by membership, a unit's contact when it is their unit's tour.</summary>
    private async Task<TourRecord> TourInReachAsync(StaffCaller caller, string id, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", id);
        violations.ThrowIfAny();
        var tour = await EdgeRules.Refusals(() => planning.TourAsync(tourId, context.CancellationToken));
        var reach = caller.IsInAnyRole([Roles.PlanStaff, Roles.Auditor]) ? directory.Covers(caller, tour.Target.DivisionCode)
            : caller.IsInRole(Roles.Inspector) ? tour.HasActingMember(caller.Subject)
            : tour.Target.Includes(directory, caller.Subject);
        return reach ? tour : throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["team.not-member"]));
    }
}
