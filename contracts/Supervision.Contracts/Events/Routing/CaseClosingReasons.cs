namespace Supervision.Contracts.Events.Routing;

/// <summary>
/// Why a case closed, as <see cref="CaseClosed.ReasonKey"/> carries it: stable keys that every service reading the
/// event words from its own resource files.
/// </summary>
public static class CaseClosingReasons
{
    /// <summary>Every real-name reporter accepted the result.</summary>
    public const string Accepted = "closed.accepted";

    /// <summary>The anonymous reports' result went to the leadership team of each accused unit.</summary>
    public const string ToLeadership = "closed.to-leadership";

    /// <summary>A dispute was answered with an explanation; the explanation is the key's one argument.</summary>
    public const string Explained = "closed.explained";
}
