using Grpc.Core;
using Supervision.Evaluation.Localization;
using Supervision.Platform;
using Supervision.ServiceDefaults.Auth;

namespace Supervision.Evaluation.Grpc;

/// <summary>Who may do what in evaluation: checked first in every staff method (authentication, then role).</summary>
public static class EvaluationAccess
{
    /// <summary>Reading the panel, its composition and its draws.</summary>
    public static readonly IReadOnlyList<string> Readers = [Roles.EvaluationOfficer, Roles.OversightOfficer, Roles.Auditor];

    /// <summary>Recruiting, vetting, renewing, recording resignations and running draws.</summary>
    public static readonly IReadOnlyList<string> Officers = [Roles.EvaluationOfficer];

    /// <summary>UNAUTHENTICATED without a staff token, PERMISSION_DENIED without one of <paramref name="roles"/>.</summary>
    public static StaffCaller Require(ServerCallContext context, IReadOnlyList<string> roles, string refusalKey)
    {
        var caller = context.RequireStaffCaller();
        return caller.IsInAnyRole(roles)
            ? caller
            : throw new RpcException(new Status(StatusCode.PermissionDenied, EvaluationTexts.Words[refusalKey, string.Join(", ", roles)]));
    }
}
