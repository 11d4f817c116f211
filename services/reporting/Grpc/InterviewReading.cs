using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Grpc;

/// <summary>The head's interviews as the API shows them, with names and words in the caller's language.</summary>
public sealed class InterviewReading(Figures figures, CityDirectory directory, DispatchSchedule schedule)
{
    public static InterviewInitiative Initiative(string initiative) =>
        initiative == TwoWayInterviews.Head ? InterviewInitiative.Head : InterviewInitiative.Requested;

    public static InterviewStatus Status(string status) => status switch
    {
        TwoWayInterviews.Held => InterviewStatus.Held,
        TwoWayInterviews.NotHeld => InterviewStatus.NotHeld,
        _ => InterviewStatus.Scheduled,
    };

    public string IntervieweeName(InterviewRow row) =>
        row.HearingRequestId is { } requestId
            ? ReportingTexts.Words["interview.hearing-requester", requestId]
            : row.CadreId is { } cadreId
            ? directory.FindCadre(cadreId) is { } cadre
                ? ReportingTexts.Words["interview.cadre", cadre.Name, figures.UnitName(cadre.UnitId), RequestLanguage.Name(cadre.Post, cadre.PostEn)]
                : ReportingTexts.Words["interview.cadre-unknown", cadreId]
            : figures.UnitName(row.UnitId);

    public Interview Read(InterviewRow row) => new()
    {
        InterviewId = row.InterviewId.ToString(),
        Initiative = Initiative(row.Initiative),
        InitiativeName = ReportingTexts.Words["interview.initiative." + row.Initiative],
        CadreId = row.CadreId ?? "",
        UnitId = row.UnitId ?? "",
        IntervieweeName = IntervieweeName(row),
        DivisionCode = row.DivisionCode,
        ScheduledAt = Figures.Stamp(row.ScheduledAt),
        Topic = row.Topic,
        Status = Status(row.Status),
        StatusName = ReportingTexts.Words["interview.status." + row.Status],
        RecordedAt = row.RecordedAt is { } recordedAt ? Figures.Stamp(recordedAt) : null,
        Notes = row.Notes ?? "",
        FollowUp = row.FollowUp ?? "",
        FollowUpUnitId = row.FollowUpUnitId ?? "",
        FollowUpUnitName = row.FollowUpUnitId is null ? "" : figures.UnitName(row.FollowUpUnitId),
        FollowUpBy = row.FollowUpBy ?? "",
        ScheduledBy = row.ScheduledBy,
        RecordedBy = row.RecordedBy ?? "",
        HearingRequestId = row.HearingRequestId?.ToString() ?? "",
    };

    /// <summary>An interview as a line of the daily dispatch: of the day (scheduled), or recorded with its follow-up.</summary>
    public InterviewItem Item(InterviewRow row, bool ofTheDay)
    {
        var initiative = ReportingTexts.Words["interview.initiative." + row.Initiative];
        var at = schedule.LocalTime(new DateTimeOffset(DateTime.SpecifyKind(row.ScheduledAt, DateTimeKind.Utc)));
        var text = ofTheDay
            ? ReportingTexts.Words["dispatch.item.interview-today", initiative, IntervieweeName(row), at, row.Topic]
            : row.Status == TwoWayInterviews.NotHeld
                ? ReportingTexts.Words["dispatch.item.interview-not-held", initiative, IntervieweeName(row), at, row.Notes]
                : row.FollowUp is { } followUp
                    ? ReportingTexts.Words["dispatch.item.interview-follow-up", initiative, IntervieweeName(row), at, followUp,
                        figures.UnitName(row.FollowUpUnitId), row.FollowUpBy]
                    : ReportingTexts.Words["dispatch.item.interview-held", initiative, IntervieweeName(row), at];
        return new InterviewItem
        {
            InterviewId = row.InterviewId.ToString(),
            Initiative = Initiative(row.Initiative),
            IntervieweeName = IntervieweeName(row),
            ScheduledAt = Figures.Stamp(row.ScheduledAt),
            Status = Status(row.Status),
            FollowUp = row.FollowUp ?? "",
            FollowUpUnitId = row.FollowUpUnitId ?? "",
            FollowUpUnitName = row.FollowUpUnitId is null ? "" : figures.UnitName(row.FollowUpUnitId),
            FollowUpBy = row.FollowUpBy ?? "",
            Text = text,
        };
    }
}
