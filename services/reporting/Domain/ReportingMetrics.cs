using System.Diagnostics.Metrics;

namespace Supervision.Reporting.Domain;

/// <summary>The reporting service's own work, on the dashboard: events logged, documents made, rebuilds.</summary>
public static class ReportingMetrics
{
    private static readonly Meter Meter = new("Supervision.Reporting");

    public static readonly Counter<long> EventsLogged =
        Meter.CreateCounter<long>("supervision.reporting.events_logged", description: "Events appended to the log and projected (redeliveries not counted)");

    public static readonly Counter<long> DispatchesGenerated =
        Meter.CreateCounter<long>("supervision.reporting.daily_dispatches", description: "Daily dispatches generated");

    public static readonly Counter<long> Rebuilds =
        Meter.CreateCounter<long>("supervision.reporting.rebuilds", description: "Projections rebuilt from the event log");

    public static readonly Counter<long> Bulletins =
        Meter.CreateCounter<long>("supervision.reporting.bulletins", description: "Weekly reports and monthly bulletins made, by kind and edition");
}
