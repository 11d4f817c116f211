namespace Supervision.Contracts.Events.Reporting;

/// <summary>A year's credibility of cadre selection (选人用人公信度) of a division was recorded (revision 1) or corrected (a later revision).</summary>
public sealed record CredibilityResultRecorded
{
    public required Guid ResultId { get; init; }
    public required string DivisionCode { get; init; }
    public required int Year { get; init; }
    public required decimal Score { get; init; }
    public int? ProvincialRank { get; init; }
    public required int Revision { get; init; }
    public required DateTimeOffset At { get; init; }
}
