using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;

namespace Supervision.Reporting.Tests.Database;

/// <summary>The events of one case as intake and routing publish them, written the way a test reads best.</summary>
internal sealed class CaseEvents(string unitId)
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public Guid CaseId { get; } = Guid.NewGuid();

    public Guid ReportId { get; } = Guid.NewGuid();

    public string UnitId => unitId;

    public static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Beijing);

    /// <summary>Every order of n events (their indexes), as queues and instances may deliver them.</summary>
    public static IEnumerable<int[]> Permutations(int n) =>
        n == 0 ? [[]] : Permutations(n - 1).SelectMany(p => Enumerable.Range(0, n).Select(at => (int[])[.. p[..at], n - 1, .. p[at..]]));

    public ReportReceived Received(DateTimeOffset at, ReportChannel channel, string division, bool election = false) => new()
    {
        ReportId = ReportId, TrackingNumber = division + "-2026-000001", Channel = channel, Category = ReportCategory.WorkStyle,
        ReceivingDivisionCode = division, RealName = false, ElectionRelated = election, ElectionPeriod = false, Subjects = [], ReceivedAt = at,
    };

    public CaseOpened Opened(DateTimeOffset at, bool election = false) => new()
    {
        CaseId = CaseId, ReportId = ReportId, AttachedToExistingCase = false, ElectionClock = election, At = at,
    };

    public CaseAssigned Assigned(DateTimeOffset at, DateTimeOffset closeBy, DateTimeOffset? acknowledgeBy = null, string? unit = null) => new()
    {
        CaseId = CaseId, ReportIds = [ReportId], UnitId = unit ?? unitId, UnitName = unit ?? unitId, Lead = true, Reason = "test",
        AcknowledgeBy = acknowledgeBy, CloseBy = closeBy, At = at,
    };

    public CaseAcknowledged Acknowledged(DateTimeOffset at) => new() { CaseId = CaseId, ReportIds = [ReportId], UnitId = unitId, At = at };

    public CaseConcluded Concluded(DateTimeOffset at, string outcome, TimeSpan? feedbackWithin = null) => new()
    {
        CaseId = CaseId, ReportIds = [ReportId], UnitId = unitId, Outcome = outcome, PublicSummary = "经核查。",
        FeedbackBy = at + (feedbackWithin ?? TimeSpan.FromDays(15)), At = at,
    };

    public FeedbackGiven Feedback(DateTimeOffset at, bool realName) => new()
    {
        CaseId = CaseId, RealNameReportIds = realName ? [ReportId] : [], AnonymousReportIds = realName ? [] : [ReportId],
        Outcome = "substantiated", Result = "结果", At = at,
    };

    public CaseDisputed Disputed(DateTimeOffset at) => new() { CaseId = CaseId, ReportId = ReportId, At = at };

    public CaseOverdue Overdue(string deadline, DateTimeOffset dueAt) => new()
    {
        CaseId = CaseId, UnitId = unitId, Deadline = deadline, DueAt = dueAt, At = dueAt,
    };

    public CaseEscalated Escalated(DateTimeOffset at, string toUnitId) => new()
    {
        CaseId = CaseId, FromUnitId = unitId, ToUnitId = toUnitId, Reason = "逾期", At = at,
    };

    public CaseNotified NobodyOnDuty(DateTimeOffset at) => new() { CaseId = CaseId, UnitId = unitId, DutyOfficer = null, Kind = "assigned", At = at };

    public CaseClosed Closed(DateTimeOffset at) => new() { CaseId = CaseId, ReportIds = [ReportId], Reason = "closed", At = at };
}
