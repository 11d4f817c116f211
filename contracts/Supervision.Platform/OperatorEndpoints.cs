namespace Supervision.Platform;

/// <summary>HTTP paths every service serves for operators (the dashboard's commands call them).</summary>
public static class OperatorEndpoints
{
    /// <summary>POST: moves every message that exhausted its retries back to its queue.</summary>
    public const string ReplayFailedMessages = "/admin/error-queues/replay";
}
