namespace Supervision.Contracts.Events.Routing;

/// <summary>A handler asked the reporter a question; intake delivers it through the receipt channel.</summary>
public sealed record ReporterQuestionAsked
{
    public required Guid CaseId { get; init; }
    public required Guid ReportId { get; init; }
    public required Guid QuestionId { get; init; }
    public required string Question { get; init; }
    public required DateTimeOffset At { get; init; }
}
