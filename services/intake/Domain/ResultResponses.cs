using Npgsql;
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
            throw IntakeTexts.Words.Refusal("refusal.result.anonymous");
        }
        var step = (accepted ? PublicProgress.Accepted : PublicProgress.Disputed).Describe();
        return store.RecordResponseAsync(report.Id, accepted, comment, at, (current, answered) => Answer(current, answered, accepted), step, ct);
    }

    /// <summary>
    /// Sends routing the answers given while its feedback was on its way, now that it has reached these reports;
    /// runs in the transaction that records the feedback.
    /// </summary>
    public Task<int> SendPendingAnswersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> reportIds,
        CancellationToken ct) =>
        store.SendPendingAnswersAsync(connection, transaction, reportIds, ct);

    /// <summary>
    /// A result can be answered once it has been given, and only once. Routing gives feedback before intake hears of
    /// it, so a CONCLUDED report may already have its result: the answer is accepted and kept pending until the
    /// feedback reaches intake, then sent on. A dispute moves the report to DISPUTED at once; an acceptance leaves it
    /// where it is until routing closes the case.
    /// </summary>
    public static ResultAnswer Answer(ReportState current, bool alreadyAnswered, bool accepted)
    {
        var pending = current switch
        {
            ReportState.FeedbackGiven => false,
            ReportState.Concluded when !alreadyAnswered => true,
            _ => throw IntakeTexts.Words.Refusal("refusal.result.not-now", IntakeTexts.Words.Word("report-state." + current)),
        };
        return new ResultAnswer(accepted ? current : ReportState.Disputed, pending);
    }
}

/// <summary>The report's state after an answer, and whether the answer waits for the feedback to reach intake.</summary>
public sealed record ResultAnswer(ReportState State, bool Pending);
