using System.Diagnostics.Metrics;
using Supervision.Contracts;


namespace Supervision.Intake.Domain;

/// <summary>Operator metrics: reports received per channel, submissions rejected per reason, identity reveals.</summary>
public sealed class IntakeMetrics
{
    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _reveals;

    public IntakeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceDefaults.Extensions.TelemetryPrefix + "Intake");
        _received = meter.CreateCounter<long>("supervision.intake.reports_received", "{report}", "Reports committed, by channel");
        _rejected = meter.CreateCounter<long>("supervision.intake.submissions_rejected", "{submission}", "Submissions refused, by reason");
        _reveals = meter.CreateCounter<long>("supervision.intake.identity_reveals", "{reveal}", "Reporter identities revealed to staff");
    }

    public void Received(ReportChannel channel) => _received.Add(1, new KeyValuePair<string, object?>("channel", channel.ToString()));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Revealed() => _reveals.Add(1);
}
