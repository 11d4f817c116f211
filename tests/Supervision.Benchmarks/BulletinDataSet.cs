using Supervision.Reference;

namespace Supervision.Benchmarks;

/// <summary>One generated case as reporting's projections hold it: its report(s), lead unit, deadlines and what happened when.</summary>
public sealed class GeneratedCase
{
    public Guid CaseId { get; init; }
    public Guid ReportId { get; init; }
    /// <summary>A second report that joined the case, or null.</summary>
    public Guid? JoinedReportId { get; init; }
    public DateTime? JoinedReceivedAt { get; init; }
    public string UnitId { get; init; } = "";
    public string DivisionCode { get; init; } = "";
    public string CountyCode { get; init; } = "";
    public short Channel { get; init; }
    public short Category { get; init; }
    public bool Election { get; init; }
    public DateTime ReceivedAt { get; init; }
    public DateTime OpenedAt { get; init; }
    /// <summary>The unit that held the case before a transfer, and when it acknowledged; null when not transferred.</summary>
    public string? FormerUnitId { get; init; }
    public DateTime? FormerAcknowledgedAt { get; init; }
    public DateTime AssignedAt { get; init; }
    public DateTime AcknowledgeBy { get; init; }
    public DateTime? AcknowledgedAt { get; init; }
    public DateTime CloseBy { get; init; }
    public DateTime? ConcludedAt { get; init; }
    public string? Outcome { get; init; }
    public DateTime? FeedbackBy { get; init; }
    public DateTime? FeedbackAt { get; init; }
    public bool RealNameFeedback { get; init; }
    public DateTime? DisputedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public string? EscalatedTo { get; init; }
    public DateTime? EscalatedAt { get; init; }

    /// <summary>The deadlines the lead unit missed as routing reports them (CaseOverdue): kind, due and when reported.</summary>
    public IEnumerable<(string Deadline, DateTime DueAt, DateTime At)> Missed(DateTime asOf)
    {
        if ((AcknowledgedAt is null || AcknowledgedAt > AcknowledgeBy) && AcknowledgeBy.AddMinutes(1) <= asOf)
            yield return ("acknowledge", AcknowledgeBy, AcknowledgeBy.AddMinutes(1));
        if ((ConcludedAt is null || ConcludedAt > CloseBy) && CloseBy.AddMinutes(1) <= asOf)
            yield return ("close", CloseBy, CloseBy.AddMinutes(1));
        if (FeedbackBy is { } feedbackBy && (FeedbackAt is null || FeedbackAt > feedbackBy) && feedbackBy.AddMinutes(1) <= asOf)
            yield return ("feedback", feedbackBy, feedbackBy.AddMinutes(1));
    }

    /// <summary>How many events routing and intake would have published for this case: the event log's rows.</summary>
    public int Events(DateTime asOf) =>
        2 * (JoinedReportId is null ? 1 : 2) // ReportReceived and CaseOpened (a joining report also opens, into the same case)
        + (FormerUnitId is null ? 1 : 3) // CaseAssigned, and for a transfer CaseTransferred and the new CaseAssigned
        + (AcknowledgedAt is null ? 0 : 1) + (FormerAcknowledgedAt is null ? 0 : 1)
        + (ConcludedAt is null ? 0 : 2) // CaseConcluded and CaseNotified
        + (FeedbackAt is null ? 0 : 1) + (DisputedAt is null ? 0 : 1) + (ClosedAt is null ? 0 : 1) + (EscalatedAt is null ? 0 : 1)
        + Missed(asOf).Count();
}

/// <summary>A rectification item of an inspection tour, as reporting's projection holds it.</summary>
public sealed record GeneratedRectification(Guid ItemId, Guid TourId, Guid FindingId, string UnitId, DateOnly Deadline, DateTime OpenedAt,
    DateTime? VerifiedAt);

/// <summary>
/// The bulletin benchmark's data set: <c>cases</c> cases over the demo city's units, received over the twelve months before the
/// bulletin's month and the month itself, with channels, election cases, acknowledgements, closings and feedback on time and
/// late, transfers, escalations, outcomes and disputes in proportions like the seed city's. The same seed gives the same cases.
/// Times are UTC, to the microsecond (as PostgreSQL keeps them).
/// </summary>
public sealed class BulletinDataSet
{
    public const int Months = 13;

    private static readonly (short Channel, double Weight)[] Channels =
        [(1, 40), (2, 25), (3, 12), (4, 10), (5, 5), (6, 2), (7, 4), (8, 2)];

    private readonly Random _random;
    private readonly IReadOnlyList<(Unit Unit, string County, double Weight)> _units;
    private readonly double[] _cumulative;
    private readonly DateTime _start;
    private readonly DateTime _end;

    /// <param name="month">The bulletin's month (its 1st); cases start twelve months earlier.</param>
    /// <param name="asOf">When the data set is taken: nothing happens after it.</param>
    public BulletinDataSet(CityDirectory directory, DateOnly month, DateTime asOf, int seed)
    {
        _random = new Random(seed);
        AsOf = asOf;
        // Local midnight in China (UTC+8) of the first and the day after the last month.
        _start = month.AddMonths(1 - Months).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        _end = month.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        _units = directory.Units.OrderBy(u => u.Id, StringComparer.Ordinal)
            .Where(u => directory.FindDivision(u.DivisionCode) is not null)
            .Select(u => (u, CountyOf(directory, u.DivisionCode), 0.3 + 2 * _random.NextDouble()))
            .ToList();
        _cumulative = new double[_units.Count];
        var sum = 0.0;
        for (var i = 0; i < _units.Count; i++)
        {
            _cumulative[i] = sum += _units[i].Weight;
        }
    }

    public DateTime AsOf { get; }

    /// <summary>The county-level division (or the city) of a division, as reporting's calculator sums it.</summary>
    public static string CountyOf(CityDirectory directory, string divisionCode) =>
        directory.FindDivision(divisionCode) is { Level: "township", ParentCode: { } parent } ? parent : divisionCode;

    /// <summary>The cases in the order they were received, as a live service's projection rows are written.</summary>
    public IEnumerable<GeneratedCase> Cases(int count)
    {
        var span = (_end - _start).Ticks;
        var received = new long[count];
        for (var i = 0; i < count; i++)
        {
            received[i] = (long)(_random.NextDouble() * span);
        }
        Array.Sort(received);
        foreach (var ticks in received)
        {
            yield return Case(_start.AddTicks(ticks));
        }
    }

    public IEnumerable<GeneratedRectification> Rectifications(int count)
    {
        var span = (_end - _start).Ticks;
        for (var i = 0; i < count; i++)
        {
            var opened = Micro(_start.AddTicks((long)(_random.NextDouble() * span)));
            var deadline = DateOnly.FromDateTime(opened.AddHours(8)).AddDays(_random.Next(20, 90));
            var dueAt = deadline.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
            var roll = _random.NextDouble();
            DateTime? verified = roll < 0.75 ? opened.AddTicks((long)(_random.NextDouble() * (dueAt - opened).Ticks))
                : roll < 0.9 ? dueAt.AddDays(1 + _random.NextDouble() * 30) : null;
            yield return new GeneratedRectification(NewId(), NewId(), NewId(), PickUnit().Unit.Id, deadline, opened, Past(verified));
        }
    }

    private GeneratedCase Case(DateTime received)
    {
        var (unit, county, _) = PickUnit();
        var election = _random.NextDouble() < 0.08;
        received = Micro(received);
        var opened = received.AddMinutes(1 + _random.NextDouble() * 20);
        var assigned = opened.AddMinutes(1 + _random.NextDouble() * 60);
        string? former = null;
        DateTime? formerAcknowledged = null;
        if (_random.NextDouble() < 0.05)
        {
            // Transferred: the first unit acknowledged, then handed the case on; the new lead's clocks start at the transfer.
            do
            {
                former = PickUnit().Unit.Id;
            }
            while (former == unit.Id);
            formerAcknowledged = assigned.AddMinutes(5 + _random.NextDouble() * 50);
            assigned = formerAcknowledged.Value.AddHours(1 + _random.NextDouble() * 47);
        }
        var acknowledgeBy = assigned.AddHours(election ? 1 : 24);
        var ackRoll = _random.NextDouble();
        DateTime? acknowledged = ackRoll < 0.9 ? assigned.AddTicks((long)(_random.NextDouble() * 0.9 * (acknowledgeBy - assigned).Ticks))
            : ackRoll < 0.98 ? acknowledgeBy.AddHours(1 + _random.NextDouble() * 47) : null;
        // Five working days, about a calendar week.
        var closeBy = assigned.AddDays(7);
        var closeRoll = _random.NextDouble();
        DateTime? concluded = closeRoll < 0.85 ? assigned.AddDays(1 + _random.NextDouble() * 5.9)
            : closeRoll < 0.97 ? closeBy.AddHours(1 + _random.NextDouble() * 240) : null;
        concluded = Past(concluded);
        var outcomeRoll = _random.NextDouble();
        var outcome = concluded is null ? null : outcomeRoll < 0.18 ? "substantiated" : outcomeRoll < 0.3 ? "partly substantiated" : "unsubstantiated";
        var realName = _random.NextDouble() < 0.55;
        DateTime? feedbackBy = realName && concluded is { } c ? c.AddDays(3) : null;
        var feedbackRoll = _random.NextDouble();
        DateTime? feedback = feedbackBy is { } by
            ? feedbackRoll < 0.88 ? concluded!.Value.AddTicks((long)(_random.NextDouble() * (by - concluded.Value).Ticks))
            : feedbackRoll < 0.97 ? by.AddHours(1 + _random.NextDouble() * 96) : null
            : null;
        feedback = Past(feedback);
        DateTime? disputed = feedback is { } f && _random.NextDouble() < 0.07 ? Past(f.AddHours(1 + _random.NextDouble() * 119)) : null;
        DateTime? closed = disputed is not null ? null
            : feedback is { } given ? Past(given.AddDays(1))
            : concluded is { } done && !realName ? Past(done.AddHours(1)) : null;
        var escalated = _random.NextDouble() < 0.03;
        var escalatedTo = escalated ? PickUnit().Unit.Id : null;
        DateTime? escalatedAt = escalated ? Past(assigned.AddDays(1 + _random.NextDouble() * 4)) : null;
        var joined = _random.NextDouble() < 0.06;
        var joinedAt = joined ? Past(opened.AddHours(1 + _random.NextDouble() * 100)) : null;
        return new GeneratedCase
        {
            CaseId = NewId(),
            ReportId = NewId(),
            JoinedReportId = joinedAt is null ? null : NewId(),
            JoinedReceivedAt = joinedAt,
            UnitId = unit.Id,
            DivisionCode = unit.DivisionCode,
            CountyCode = county,
            Channel = PickChannel(),
            Category = election ? (short)5 : (short)_random.Next(1, 7),
            Election = election,
            ReceivedAt = received,
            OpenedAt = Micro(opened),
            FormerUnitId = former,
            FormerAcknowledgedAt = Past(formerAcknowledged),
            AssignedAt = Micro(assigned),
            AcknowledgeBy = Micro(acknowledgeBy),
            AcknowledgedAt = Past(acknowledged),
            CloseBy = Micro(closeBy),
            ConcludedAt = concluded,
            Outcome = outcome,
            FeedbackBy = feedbackBy is { } fb ? Micro(fb) : null,
            FeedbackAt = feedback,
            RealNameFeedback = realName && feedback is not null,
            DisputedAt = disputed,
            ClosedAt = closed,
            EscalatedTo = escalatedAt is null ? null : escalatedTo,
            EscalatedAt = escalatedAt,
        };
    }

    private (Unit Unit, string County, double Weight) PickUnit()
    {
        var index = Array.BinarySearch(_cumulative, _random.NextDouble() * _cumulative[^1]);
        return _units[Math.Min(index < 0 ? ~index : index, _units.Count - 1)];
    }

    private short PickChannel()
    {
        var roll = _random.NextDouble() * Channels.Sum(c => c.Weight);
        foreach (var (channel, weight) in Channels)
        {
            if ((roll -= weight) < 0)
            {
                return channel;
            }
        }
        return Channels[^1].Channel;
    }

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>Null when the moment is after the data set's as-of: it has not happened yet.</summary>
    private DateTime? Past(DateTime? at) => at is { } value && Micro(value) <= AsOf ? Micro(value) : null;

    private static DateTime Micro(DateTime at) => new(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);
}
