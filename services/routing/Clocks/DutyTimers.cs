using Npgsql;
using Supervision.Routing.Domain;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Routing.Clocks;

/// <summary>The daily 24-hour-duty check while an election period is open or ahead; each run schedules the next.</summary>
public sealed class DutyCheckTimer(DutyCoverage coverage, TimeProvider time) : IDurableTimerHandler
{
    public string Kind => DutyCoverage.CheckTimer;

    public Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct) =>
        coverage.CheckAsync(transaction, time.GetUtcNow(), ct);
}

/// <summary>A gap is near: warn its unit and dispatching level, if nobody has taken the shift since.</summary>
public sealed class DutyGapWarningTimer(DutyCoverage coverage, TimeProvider time) : IDurableTimerHandler
{
    public string Kind => DutyCoverage.WarningTimer;

    public Task FireAsync(NpgsqlTransaction transaction, FiredTimer timer, CancellationToken ct)
    {
        var warning = timer.PayloadAs<GapWarning>() ?? throw new InvalidOperationException($"Timer {timer.Id} carries no gap.");
        return coverage.WarnAsync(transaction, warning.UnitId, warning.StartsAt, time.GetUtcNow(), ct);
    }
}
