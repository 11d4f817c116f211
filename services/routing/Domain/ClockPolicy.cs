using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Data;

namespace Supervision.Routing.Domain;

public sealed class ClockOptions
{
    public TimeSpan ElectionAcknowledgeWithin { get; set; } = TimeSpan.FromHours(1);
    /// <summary>An election report the rules could not place is dispatched from the queue within this time of receipt.</summary>
    public TimeSpan ElectionDispatchWithin { get; set; } = TimeSpan.FromHours(1);
    /// <summary>The receiving level's duty officer phones the handling unit of an election case within this time ("1 小时内电话通知").</summary>
    public TimeSpan ElectionPhoneNoticeWithin { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan ElectionCloseWithin { get; set; } = TimeSpan.FromDays(5);
    public TimeSpan OrdinaryCloseWithin { get; set; } = TimeSpan.FromDays(30);
    /// <summary>After conclusion, the result is fed back within this time.</summary>
    public TimeSpan FeedbackWithin { get; set; } = TimeSpan.FromDays(15);
    /// <summary>Ordinary reports: on-site investigation starts by the end of the working day.</summary>
    public TimeSpan WorkingDayEndsAt { get; set; } = TimeSpan.FromHours(18);
    public TimeSpan TimeZoneOffset { get; set; } = TimeSpan.FromHours(8);
    public TimeSpan DueSoonWithin { get; set; } = TimeSpan.FromDays(1);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>A task's deadlines: election reports are acknowledged, every report investigated on site the same day and closed.</summary>
public sealed record Deadlines(DateTimeOffset? AcknowledgeBy, DateTimeOffset? InvestigationStartBy, DateTimeOffset CloseBy)
{
    /// <summary>Each deadline the task runs against, by its kind.</summary>
    public IEnumerable<(string Kind, DateTimeOffset Due)> ByKind()
    {
        if (AcknowledgeBy is { } acknowledge) yield return (DeadlineKinds.Acknowledge, acknowledge);
        if (InvestigationStartBy is { } start) yield return (DeadlineKinds.InvestigationStart, start);
        yield return (DeadlineKinds.Close, CloseBy);
    }
}

/// <summary>An election period of a division and the divisions below it (intake owns them; routing keeps a copy).</summary>
public sealed record ElectionPeriod(string DivisionCode, DateTime StartsAt, DateTime EndsAt)
{
    public bool Covers(DateTimeOffset at) =>
        DateTime.SpecifyKind(StartsAt, DateTimeKind.Utc) <= at.UtcDateTime && at.UtcDateTime < DateTime.SpecifyKind(EndsAt, DateTimeKind.Utc);
}

/// <summary>The seed's clocks, made configurable data (section Routing:Clocks).</summary>
public sealed class ClockPolicy(ClockOptions options)
{
    public ClockOptions Options => options;

    /// <summary>
    /// Whether a report runs on the election clock, because it is about the election (涉及换届): reported as
    /// election-related, about election conduct, or about a subject whose division (or a division above it)
    /// has an election period covering the report's receipt. Judged by the subject, not by where the report
    /// was received; only a report without a directory subject falls back on intake's receiving-division flag.
    /// <paramref name="subjectAncestries"/> holds, per subject, its division and those above it. Every caller asks here.
    /// </summary>
    public static bool IsElectionClock(ReportReceived report, IReadOnlyList<IReadOnlyList<string>> subjectAncestries,
        IReadOnlyCollection<ElectionPeriod> periods)
    {
        if (report.ElectionRelated || report.Category == ReportCategory.ElectionConduct)
        {
            return true;
        }
        if (subjectAncestries.Count == 0)
        {
            return report.ElectionPeriod;
        }
        return subjectAncestries.Any(chain => periods.Any(p => chain.Contains(p.DivisionCode) && p.Covers(report.ReceivedAt)));
    }

    public DateTimeOffset FeedbackBy(DateTimeOffset concludedAt) => concludedAt + options.FeedbackWithin;

    /// <summary>A report waiting for dispatch: election reports within the hour of receipt, ordinary ones by the end of the working day.</summary>
    public DateTimeOffset DispatchBy(bool electionClock, DateTimeOffset receivedAt) =>
        electionClock ? receivedAt + options.ElectionDispatchWithin : EndOfWorkingDay(receivedAt);

    public DateTimeOffset PhoneNoticeBy(DateTimeOffset from) => from + options.ElectionPhoneNoticeWithin;

    public DateTimeOffset CloseBy(bool electionClock, DateTimeOffset from) => For(electionClock, from).CloseBy;

    /// <summary>On site the same day applies to every report; election reports are also acknowledged within the hour.</summary>
    public Deadlines For(bool electionClock, DateTimeOffset from) => electionClock
        ? new Deadlines(from + options.ElectionAcknowledgeWithin, EndOfWorkingDay(from), from + options.ElectionCloseWithin)
        : new Deadlines(null, EndOfWorkingDay(from), from + options.OrdinaryCloseWithin);

    /// <summary>The end of this working day in local time, or of the next one after hours or on a weekend.</summary>
    public DateTimeOffset EndOfWorkingDay(DateTimeOffset from)
    {
        var local = from.ToOffset(options.TimeZoneOffset);
        var day = local.Date;
        var end = new DateTimeOffset(day + options.WorkingDayEndsAt, options.TimeZoneOffset);
        while (end <= local || end.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
            end = new DateTimeOffset(day + options.WorkingDayEndsAt, options.TimeZoneOffset);
        }
        return end.ToUniversalTime();
    }
}
