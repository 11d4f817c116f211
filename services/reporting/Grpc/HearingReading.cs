using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;

namespace Supervision.Reporting.Grpc;

/// <summary>Requests to be heard as the requester and staff read them, in the caller's language; never the contact.</summary>
public sealed class HearingReading(DispatchSchedule schedule)
{
    /// <summary>The state the requester follows: the request's own, or once scheduled, what came of its interview.</summary>
    public static string State(HearingRequestRow row) => (row.Status, row.InterviewStatus) switch
    {
        (RequestsToBeHeard.Scheduled, TwoWayInterviews.Held) => "heard",
        (RequestsToBeHeard.Scheduled, TwoWayInterviews.NotHeld) => "not-heard",
        _ => row.Status,
    };

    public static HearingRequestStatus Status(string state) => state switch
    {
        RequestsToBeHeard.Scheduled => HearingRequestStatus.Scheduled,
        RequestsToBeHeard.Declined => HearingRequestStatus.Declined,
        "heard" => HearingRequestStatus.Heard,
        "not-heard" => HearingRequestStatus.NotHeard,
        _ => HearingRequestStatus.Received,
    };

    public HearingRequestState ForRequester(HearingRequestRow row)
    {
        var state = State(row);
        var at = row.InterviewAt is { } interviewAt ? schedule.LocalTime(Utc(interviewAt)) : "";
        return new HearingRequestState
        {
            RequestId = row.RequestId.ToString(),
            Status = Status(state),
            StatusName = ReportingTexts.Words["hearing.status." + state],
            ReceivedAt = Figures.Stamp(row.ReceivedAt),
            ScheduledAt = row.InterviewAt is { } scheduledAt ? Figures.Stamp(scheduledAt) : null,
            DeclineReason = row.DeclineReason ?? "",
            Outcome = Outcome(row),
            Text = ReportingTexts.Words["hearing.text." + state, schedule.LocalTime(Utc(row.ReceivedAt)), at, row.DeclineReason ?? Outcome(row)],
        };
    }

    public HearingRequest ForStaff(HearingRequestRow row, IEnumerable<HearingRevealRow> reveals)
    {
        var state = State(row);
        var answer = new HearingRequest
        {
            RequestId = row.RequestId.ToString(),
            Channel = row.Channel switch
            {
                RequestsToBeHeard.Letter => HearingChannel.Letter,
                RequestsToBeHeard.Visit => HearingChannel.Visit,
                _ => HearingChannel.Online,
            },
            ChannelName = ReportingTexts.Words["hearing.channel." + row.Channel],
            DivisionCode = row.DivisionCode,
            Topic = row.Topic,
            Status = Status(state),
            StatusName = ReportingTexts.Words["hearing.status." + state],
            ReceivedAt = Figures.Stamp(row.ReceivedAt),
            EnteredBy = row.EnteredBy ?? "",
            DecidedBy = row.DecidedBy ?? "",
            DecidedAt = row.DecidedAt is { } decidedAt ? Figures.Stamp(decidedAt) : null,
            DeclineReason = row.DeclineReason ?? "",
            InterviewId = row.InterviewId?.ToString() ?? "",
            ScheduledAt = row.InterviewAt is { } scheduledAt ? Figures.Stamp(scheduledAt) : null,
            Outcome = Outcome(row),
        };
        answer.Reveals.AddRange(reveals.Select(r => new HearingRequesterReveal
        {
            RevealedTo = r.RevealedTo, Reason = r.Reason, RevealedAt = Figures.Stamp(r.RevealedAt),
        }));
        return answer;
    }

    private static string Outcome(HearingRequestRow row) => row.InterviewStatus is TwoWayInterviews.Held or TwoWayInterviews.NotHeld ? row.InterviewNotes ?? "" : "";

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
