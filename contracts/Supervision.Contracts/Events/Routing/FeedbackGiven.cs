namespace Supervision.Contracts.Events.Routing;

/// <summary>
/// The concluding unit gave feedback: real-name reporters get the result (by their receipt, and on
/// their preferred channel); for anonymous reports it went to the leadership team of every accused unit.
/// </summary>
public sealed record FeedbackGiven
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> RealNameReportIds { get; init; }
    public required IReadOnlyList<Guid> AnonymousReportIds { get; init; }
    /// <summary>The first of <see cref="LeadershipUnitIds"/>, kept for readers of the first version.</summary>
    public string? LeadershipUnitId { get; init; }
    /// <summary>Every accused unit whose leadership team received the anonymous reports' result (none when every report is real-name).</summary>
    public IReadOnlyList<string> LeadershipUnitIds { get; init; } = [];
    /// <summary>The outcome as a stable key ("outcome.partly-substantiated") that readers word from their own resource files; null in events of the first version.</summary>
    public string? OutcomeKey { get; init; }
    /// <summary>The outcome in English words ("partly substantiated"), for readers of the first version only.</summary>
    public required string Outcome { get; init; }
    public required string Result { get; init; }
    public required DateTimeOffset At { get; init; }
}
