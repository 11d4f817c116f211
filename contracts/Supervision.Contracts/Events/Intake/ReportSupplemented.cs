namespace Supervision.Contracts.Events.Intake;

/// <summary>The reporter added information by receipt code; the text stays in intake, handlers read it there.</summary>
public sealed record ReportSupplemented
{
    public required Guid ReportId { get; init; }
    public required Guid MessageId { get; init; }
    public required int Length { get; init; }
    public required DateTimeOffset At { get; init; }
}
