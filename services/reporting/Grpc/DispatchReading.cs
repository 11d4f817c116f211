using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Auth;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// A stored daily dispatch as one caller reads it: the parts within their jurisdiction (a county reads its own units
/// and reports), with every line worded in their language.
/// </summary>
public sealed class DispatchReading(Figures figures, CityDirectory directory, DispatchSchedule schedule)
{
    private readonly InterviewReading _interviews = new(figures, directory, schedule);
    private readonly EarlyWarningReading _warnings = new(directory);

    public DailyDispatch Read(StoredDispatch stored, StaffCaller caller)
    {
        var content = stored.Read();
        var date = stored.DispatchDate;
        var received = content.Received.Where(r => directory.Covers(caller, r.DivisionCode)).ToList();
        var deadlines = content.Deadlines.Where(d => Covers(caller, d.UnitId)).ToList();
        var answer = new DailyDispatch
        {
            Date = Figures.Date(date),
            GeneratedAt = Figures.Stamp(stored.GeneratedAt),
            PeriodFrom = Figures.Stamp(stored.PeriodFrom),
            PeriodTo = Figures.Stamp(stored.PeriodTo),
            Title = ReportingTexts.Words["dispatch.title", Figures.Date(date)],
            ReportsReceived = received.Sum(r => r.Reports),
        };
        answer.ReceivedByChannel.AddRange(figures.ByChannel(received));
        answer.ReceivedByLevel.AddRange(figures.ByLevel(received));
        var periodTo = new DateTimeOffset(DateTime.SpecifyKind(stored.PeriodTo, DateTimeKind.Utc));
        foreach (var deadline in deadlines)
        {
            var item = Deadline(deadline, periodTo);
            (item.Overdue ? answer.Overdue : answer.DueToday).Add(item);
        }
        answer.Escalations.AddRange(content.Escalations.Where(e => Covers(caller, e.FromUnitId) || Covers(caller, e.ToUnitId)).Select(e =>
            new EscalationItem
            {
                CaseId = e.CaseId.ToString(), FromUnitId = e.FromUnitId, FromUnitName = figures.UnitName(e.FromUnitId),
                ToUnitId = e.ToUnitId, ToUnitName = figures.UnitName(e.ToUnitId), At = Figures.Stamp(e.At),
                Text = ReportingTexts.Words["dispatch.item.escalation", e.CaseId, figures.UnitName(e.FromUnitId), figures.UnitName(e.ToUnitId),
                    schedule.LocalTime(Utc(e.At))],
            }));
        answer.ElectionCases.AddRange(content.ElectionCases.Where(c => c.UnitId is null ? directory.Covers(caller, directory.CityCode) : Covers(caller, c.UnitId))
            .Select(c => new ElectionCaseItem
            {
                CaseId = c.CaseId.ToString(), UnitId = c.UnitId ?? "", UnitName = figures.UnitName(c.UnitId), OpenedAt = Figures.Stamp(c.OpenedAt),
                State = c.State,
                Text = ReportingTexts.Words["dispatch.item.election", c.CaseId, figures.UnitName(c.UnitId), ReportingTexts.Words["state." + c.State],
                    schedule.LocalTime(Utc(c.OpenedAt))],
            }));
        answer.DutyGaps.AddRange(content.DutyGaps.Where(g => Covers(caller, g.UnitId)).Select(g => new DutyGapItem
        {
            CaseId = g.CaseId.ToString(), UnitId = g.UnitId, UnitName = figures.UnitName(g.UnitId), At = Figures.Stamp(g.At),
            Text = ReportingTexts.Words["dispatch.item.duty-gap", figures.UnitName(g.UnitId), g.CaseId, schedule.LocalTime(Utc(g.At))],
        }));
        answer.InterviewsToday.AddRange((content.InterviewsToday ?? Array.Empty<InterviewRow>()).Where(i => directory.Covers(caller, i.DivisionCode))
            .Select(i => _interviews.Item(i, ofTheDay: true)));
        answer.InterviewFollowUps.AddRange((content.InterviewFollowUps ?? Array.Empty<InterviewRow>()).Where(i => directory.Covers(caller, i.DivisionCode))
            .Select(i => _interviews.Item(i, ofTheDay: false)));
        answer.OpenReminderTalks.AddRange((content.ReminderTalksOpen ?? []).Where(w => CoversCadre(caller, w.SubjectId)).Select(_warnings.Read));
        answer.ReminderTalksRecorded.AddRange((content.ReminderTalksRecorded ?? []).Where(w => CoversCadre(caller, w.SubjectId)).Select(_warnings.Read));
        answer.Summary.Add(ReportingTexts.Words["dispatch.summary.received", answer.ReportsReceived]);
        answer.Summary.Add(ReportingTexts.Words["dispatch.summary.deadlines", answer.Overdue.Count, answer.DueToday.Count]);
        answer.Summary.Add(ReportingTexts.Words["dispatch.summary.escalations", answer.Escalations.Count]);
        answer.Summary.Add(ReportingTexts.Words["dispatch.summary.election", answer.ElectionCases.Count]);
        answer.Summary.Add(ReportingTexts.Words["dispatch.summary.duty-gaps", answer.DutyGaps.Count]);
        answer.Summary.Add(ReportingTexts.Words["dispatch.summary.interviews", answer.InterviewsToday.Count, answer.InterviewFollowUps.Count,
            answer.InterviewFollowUps.Count(i => i.FollowUp.Length > 0)]);
        answer.Summary.Add(ReportingTexts.Words["dispatch.summary.reminder-talks", answer.OpenReminderTalks.Count, answer.ReminderTalksRecorded.Count]);
        return answer;
    }

    public DailyDispatchHeader Header(StoredDispatch stored, StaffCaller caller)
    {
        var read = Read(stored, caller);
        return new DailyDispatchHeader
        {
            Date = read.Date, GeneratedAt = read.GeneratedAt, ReportsReceived = read.ReportsReceived, Overdue = read.Overdue.Count,
            DueToday = read.DueToday.Count, Escalations = read.Escalations.Count, ElectionCases = read.ElectionCases.Count,
        };
    }

    private DeadlineItem Deadline(OpenDeadline deadline, DateTimeOffset generatedFor)
    {
        var due = Utc(deadline.DueAt);
        var overdue = due <= generatedFor;
        return new DeadlineItem
        {
            CaseId = deadline.CaseId.ToString(), UnitId = deadline.UnitId, UnitName = figures.UnitName(deadline.UnitId), Deadline = deadline.Deadline,
            DeadlineName = Figures.DeadlineWords(deadline.Deadline), DueAt = Figures.Stamp(deadline.DueAt), Overdue = overdue,
            ElectionClock = deadline.ElectionClock,
            Text = ReportingTexts.Words[overdue ? "dispatch.item.overdue" : "dispatch.item.due-today", figures.UnitName(deadline.UnitId),
                Figures.DeadlineWords(deadline.Deadline), schedule.LocalTime(due), deadline.CaseId],
        };
    }

    private bool Covers(StaffCaller caller, string unitId) =>
        directory.FindUnit(unitId) is { } unit ? directory.Covers(caller, unit.DivisionCode) : directory.Covers(caller, directory.CityCode);

    private bool CoversCadre(StaffCaller caller, string cadreId) =>
        directory.FindCadre(cadreId) is { } cadre && directory.Covers(caller, cadre.DivisionCode);

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
