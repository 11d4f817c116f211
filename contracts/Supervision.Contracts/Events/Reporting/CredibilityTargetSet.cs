namespace Supervision.Contracts.Events.Reporting;

/// <summary>A division set (or replaced) the credibility score or provincial place it aims at for a year.</summary>
public sealed record CredibilityTargetSet
{
    public required string DivisionCode { get; init; }
    public required int Year { get; init; }
    public decimal? TargetScore { get; init; }
    public int? TargetRank { get; init; }
    public required DateTimeOffset At { get; init; }
}
