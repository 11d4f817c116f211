namespace Supervision.Contracts.Events.Routing;

/// <summary>The lead unit concluded the case; "whoever investigates, announces".</summary>
public sealed record CaseConcluded
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<Guid> ReportIds { get; init; }
    public required string UnitId { get; init; }
    /// <summary>The outcome as a stable key ("outcome.partly-substantiated") that readers word from their own resource files; null in events of the first version.</summary>
    public string? OutcomeKey { get; init; }
    /// <summary>The outcome in English words ("partly substantiated"), for readers of the first version only.</summary>
    public required string Outcome { get; init; }
    /// <summary>The public wording of the result, as the concluding unit announces it.</summary>
    public required string PublicSummary { get; init; }
    /// <summary>Who may read the outcome notice: unit, division or public (reporters read only a public one).</summary>
    public string NoticeScope { get; init; } = "unit";
    /// <summary>The outcome notice's text.</summary>
    public string NoticeText { get; init; } = "";
    /// <summary>When the feedback to the reporters (or the leadership teams) falls due; absent from events of the first version.</summary>
    public DateTimeOffset? FeedbackBy { get; init; }
    /// <summary>The accountability measures of a (partly) substantiated outcome; null in events sent before measures were carried.</summary>
    public IReadOnlyList<CaseAccountabilityMeasure>? Measures { get; init; }
    public required DateTimeOffset At { get; init; }
}
