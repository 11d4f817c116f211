namespace Supervision.Reference;

/// <summary>
/// A request that breaks a rule of the domain in the state things are in (a case already concluded, a
/// step out of order). Domain code throws it in the domain's words; the gRPC edge answers
/// FAILED_PRECONDITION with its message, and a consumer's retry gives up on it at once.
/// </summary>
public sealed class DomainRuleException(string message) : Exception(message);
