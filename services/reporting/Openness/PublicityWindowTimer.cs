using Npgsql;
using Supervision.Reporting.Domain;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Reporting.Openness;

/// <summary>The end of a publicity's objection window, on a durable timer (ADR 11): fires once across instances.</summary>
public sealed class PublicityWindowTimer(AppointmentPublicity publicity, ILogger<PublicityWindowTimer> logger) : IDurableTimerHandler
{
    public string Kind => AppointmentPublicity.TimerKind;

    public async Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct)
    {
        await publicity.CloseWindowAsync(transaction, Guid.Parse(timer.Subject), ct);
        logger.LogInformation("Objection window of publicity {PublicityId} closed", timer.Subject);
    }
}
