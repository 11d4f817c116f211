using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.Inspection.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Grpc;

/// <summary>The inspector pool: plan staff and auditors read it; an inspector reads and declares for themselves.</summary>
[Authorize]
public sealed class InspectorPoolService(TourPlanningSteps steps, CityDirectory directory, ProtoMapping mapping) : InspectorPool.InspectorPoolBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<ListInspectorsResponse> ListInspectors(ListInspectorsRequest request, ServerCallContext context)
    {
        EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor);
        var violations = new FieldViolations();
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add("page_size", PlatformTexts.Words["page.size", MaxPageSize, DefaultPageSize]);
        var offset = 0;
        if (request.PageToken.Length > 0 && (!int.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset <= 0))
        {
            violations.Add("page_token", PlatformTexts.Words["page.token"]);
        }
        violations.ThrowIfAny();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await steps.InspectorPageAsync(offset, size + 1, context.CancellationToken);
        var response = new ListInspectorsResponse
        {
            NextPageToken = page.Count > size ? (offset + size).ToString(CultureInfo.InvariantCulture) : "",
        };
        response.Inspectors.AddRange(page.Take(size).Select(mapping.Inspector));
        return response;
    }

    public override async Task<Inspector> GetInspector(GetInspectorRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor, Roles.Inspector);
        if (request.InspectorId.Length == 0) throw FieldViolations.Single("inspector_id", PlatformTexts.Words["field.required"]);
        RequireSelfUnlessStaff(caller, request.InspectorId);
        var found = await steps.InspectorsAsync([request.InspectorId], context.CancellationToken);
        return found.Count == 1
            ? mapping.Inspector(found[0])
            : throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["inspector.not-found"]));
    }

    public override async Task<Inspector> DeclareRelative(DeclareRelativeRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Inspector);
        var violations = new FieldViolations();
        var relative = request.Relative ?? new Relative();
        var known = request.InspectorId.Length == 0 ? [] : await steps.InspectorsAsync([request.InspectorId], context.CancellationToken);
        if (known.Count == 0)
        {
            violations.Add("inspector_id", request.InspectorId.Length == 0
                ? PlatformTexts.Words["field.required"]
                : InspectionTexts.Words["field.unknown-inspector", request.InspectorId]);
        }
        if (!InspectionRules.LawRelativeKinds.Contains(relative.Kind))
        {
            violations.Add("relative.kind", PlatformTexts.Words["field.one-of", string.Join(", ", InspectionRules.LawRelativeKinds)]);
        }
        var name = EdgeRules.Text(violations, "relative.name", relative.Name, 1, 50);
        var post = EdgeRules.Text(violations, "relative.post", relative.Post, 1, 100);
        if (directory.FindUnit(relative.UnitId) is null) violations.Add("relative.unit_id", PlatformTexts.Words["field.unknown-unit", relative.UnitId]);
        violations.ThrowIfAny();
        RequireSelfUnlessStaff(caller, request.InspectorId);
        await steps.DeclareRelativeAsync(request.InspectorId, new RelativeRecord(relative.Kind, name, post, relative.UnitId), caller.Subject,
            context.CancellationToken);
        return mapping.Inspector((await steps.InspectorsAsync([request.InspectorId], context.CancellationToken))[0]);
    }

    /// <summary>An inspector (without a staff role) reaches only their own record: the token's subject is their id.</summary>
    private static void RequireSelfUnlessStaff(ServiceDefaults.Auth.StaffCaller caller, string inspectorId)
    {
        if (!caller.IsInAnyRole([Roles.PlanStaff, Roles.Auditor]) && caller.Subject != inspectorId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["inspector.own-only"]));
        }
    }
}
