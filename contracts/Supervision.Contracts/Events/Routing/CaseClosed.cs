namespace Supervision.Contracts.Events.Routing;

/// <summary>The case is closed: feedback accepted, delivered to the leadership team, or a dispute explained.</summary>
public sealed record CaseClosed
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    /// <summary>Why, as a key of <see cref="CaseClosingReasons"/>; null in events of the first version.</summary>
    public string? ReasonKey { get; init; }
    /// <summary>The arguments of <see cref="ReasonKey"/>, as written (an explanation).</summary>
    public IReadOnlyList<string> ReasonArgs { get; init; } = [];
    /// <summary>Why, in English words, for readers of the first version only.</summary>
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
