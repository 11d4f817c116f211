using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Inspection.Domain;
using Supervision.Inspection.V1;
using Supervision.Platform;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Inspection.Grpc;

/// <summary>A team member's own work on their tour; the token's subject is the inspector's id.</summary>
[Authorize]
public sealed class TourWorkService(TourPlanningSteps steps, ProtoMapping mapping) : TourWork.TourWorkBase
{
    public override async Task<Tour> SignRecusalDeclaration(SignRecusalDeclarationRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        violations.ThrowIfAny();
        await EdgeRules.Refusals(async () =>
        {
            await steps.SignDeclarationAsync(tourId, caller.Subject, context.CancellationToken);
            return 0;
        });
        return mapping.Tour(await steps.TourAsync(tourId, context.CancellationToken));
    }
}
