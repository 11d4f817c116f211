using Supervision.Intake.Data;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.Reference;

namespace Supervision.Intake.Domain;

/// <summary>The reporter's answer to the result of a real-name report: accept it, or dispute it.</summary>
public sealed class ResultResponses(FollowUpStore store)
{
    /// <summary>Records the answer and returns the report's state after it.</summary>
    public Task<ReportState> RespondAsync(ReportRecord report, bool accepted, string comment, DateTimeOffset at, CancellationToken ct)
    {
        if (!report.RealName)
        {
            throw new DomainRuleException(IntakeTexts.Words["rule.anonymous-no-result"]);
        }
        var step = (accepted ? PublicProgress.Accepted : PublicProgress.Disputed).Describe();
        return store.RecordResponseAsync(report.Id, accepted, comment, at, current => StateAfter(current, accepted), step, ct);
    }

    /// <summary>
    /// A result can be answered once it has been given, and only once. A dispute moves the report to
    /// DISPUTED at once; an acceptance leaves it where it is until routing closes the case.
    /// </summary>
    public static ReportState StateAfter(ReportState current, bool accepted) =>
        current != ReportState.FeedbackGiven
            ? throw new DomainRuleException(IntakeTexts.Words["rule.result-answered", IntakeTexts.Words["report-state." + current]])
            : accepted ? current : ReportState.Disputed;
}
