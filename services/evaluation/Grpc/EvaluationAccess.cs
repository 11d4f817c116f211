using Grpc.Core;
using Supervision.Evaluation.Localization;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Grpc;

/// <summary>Who may do what in evaluation: checked first in every staff method (authentication, then role).</summary>
public static class EvaluationAccess
{
    /// <summary>Reading the panel, its composition and its draws.</summary>
    public static readonly IReadOnlyList<string> Readers = [Roles.EvaluationOfficer, Roles.OversightOfficer, Roles.Auditor];

    /// <summary>Recruiting, vetting, renewing, recording resignations and running draws.</summary>
    public static readonly IReadOnlyList<string> Officers = [Roles.EvaluationOfficer];

    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>
    /// A staff reader's paged listing: the position and size asked for (bad values are INVALID_ARGUMENT), and the divisions the
    /// reader sees (null: the whole city).
    /// </summary>
    public static ((DateTime At, Guid Id)? Before, int Size, IReadOnlyList<string>? Divisions) ReaderPage(ServerCallContext context,
        CityDirectory directory, string pageToken, int pageSize)
    {
        var caller = Require(context, Readers, "roles.read");
        var violations = new FieldViolations();
        var (before, size) = PageToken.Read(pageToken, pageSize, DefaultPageSize, MaxPageSize, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, caller.DivisionCode);
        return (before, size, caller.DivisionCode == directory.CityCode ? null : directory.Subtree(caller.DivisionCode));
    }

    /// <summary>UNAUTHENTICATED without a staff token, PERMISSION_DENIED without one of <paramref name="roles"/>.</summary>
    public static StaffCaller Require(ServerCallContext context, IReadOnlyList<string> roles, string refusalKey)
    {
        var caller = context.RequireStaffCaller();
        return caller.IsInAnyRole(roles)
            ? caller
            : throw new RpcException(new Status(StatusCode.PermissionDenied, EvaluationTexts.Words[refusalKey, string.Join(", ", roles)]));
    }
}
