using Grpc.Core;
using Supervision.Reference;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.ServiceDefaults.Auth;

/// <summary>A staff caller's reach (<see cref="CityDirectory.Covers"/>), checked at the gRPC edge.</summary>
public static class Jurisdiction
{
    public static bool Covers(this CityDirectory directory, StaffCaller caller, string divisionCode) =>
        directory.Covers(caller.DivisionCode, divisionCode);

    /// <summary>PERMISSION_DENIED unless <paramref name="divisionCode"/> lies within the caller's jurisdiction.</summary>
    public static void RequireJurisdiction(this CityDirectory directory, StaffCaller caller, string divisionCode)
    {
        if (!directory.Covers(caller, divisionCode))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, OutsideJurisdiction(caller, divisionCode)));
        }
    }

    /// <summary>The words of PERMISSION_DENIED for <paramref name="divisionCode"/>, in the caller's language.</summary>
    public static string OutsideJurisdiction(StaffCaller caller, string divisionCode) =>
        PlatformTexts.Words["jurisdiction.outside", divisionCode,
            caller.DivisionCode.Length > 0 ? caller.DivisionCode : PlatformTexts.Words["jurisdiction.none"]];
}
