using Supervision.Contracts.Events.Intake;
using Supervision.Contracts;

namespace Supervision.Routing.Tests;

/// <summary>ReportReceived events as intake publishes them; each call is a new report.</summary>
internal static class Reports
{
    private static int _sequence;

    public static ReportReceived About(ReportCategory category, string receivingDivisionCode, params ReportSubject[] subjects) => new()
    {
        ReportId = Guid.CreateVersion7(),
        TrackingNumber = $"JN-TEST-{Interlocked.Increment(ref _sequence):D6}",
        Channel = ReportChannel.Online,
        Category = category,
        ReceivingDivisionCode = receivingDivisionCode,
        RealName = false,
        ElectionRelated = false,
        ElectionPeriod = false,
        Subjects = subjects,
        ReceivedAt = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(8)),
    };

    public static ReportSubject Cadre(string cadreId) => new() { CadreId = cadreId };

    public static ReportSubject UnitSubject(string unitId) => new() { UnitId = unitId };
}
