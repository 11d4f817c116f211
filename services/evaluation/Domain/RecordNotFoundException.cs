namespace Supervision.Evaluation.Domain;

/// <summary>The request names an application, member or draw that does not exist; the gRPC edge answers NOT_FOUND with its words.</summary>
public sealed class RecordNotFoundException(string message) : Exception(message);
