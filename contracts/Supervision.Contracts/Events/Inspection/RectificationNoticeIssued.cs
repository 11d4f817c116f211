namespace Supervision.Contracts.Events.Inspection;

/// <summary>A tour closed and its public notice of rectification status (整改情况公开) was issued: counts only, worded by each reader.</summary>
public sealed record RectificationNoticeIssued
{
    public required Guid TourId { get; init; }
    public required string TargetKind { get; init; }
    public required string TargetId { get; init; }
    public required string TargetDivisionCode { get; init; }
    public required int Total { get; init; }
    public required int Verified { get; init; }
    public required int Unfinished { get; init; }
    public required int OverdueUnfinished { get; init; }
    public required DateTimeOffset At { get; init; }
}
