using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Npgsql;
using Supervision.Contracts.Events.Routing;
using Supervision.Reference;
using Supervision.Routing.Data;
using Supervision.Routing.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Routing.Domain;

/// <summary>
/// Tells a unit about a case through its duty roster. The inbox (ListNotifications) is the delivery
/// every unit has; gateways (SMS, phone) can be added as further <see cref="INotificationGateway"/>s.
/// A notice that finds nobody on duty goes up to the next level's duty unit, so someone always hears of it.
/// </summary>
public sealed class UnitNotifier(RoutingEngine engine, CityDirectory directory, Outbox outbox, IEnumerable<INotificationGateway> gateways,
    IMeterFactory meterFactory, ILogger<UnitNotifier> logger)
{
    /// <summary>The kind of a notice passed up because nobody was on duty at the unit it was meant for.</summary>
    public const string NobodyOnDutyKind = "nobody-on-duty";

    private readonly Counter<long> _sent = meterFactory.Create(ServiceDefaults.Extensions.TelemetryPrefix + "Routing")
        .CreateCounter<long>("supervision.routing.notifications", "{notification}", "Notifications to units' duty officers, by kind");

    private readonly ConditionalWeakTable<NpgsqlTransaction, OnDuty> _onDuty = new();

    /// <summary>
    /// Reads at once who is on duty at each of the units, and at every level a notice to them would go up to, for the
    /// notices the transaction sends at <paramref name="at"/>: one round trip instead of one per notice. Until the
    /// result is disposed, those notices use it.
    /// </summary>
    public async Task<IDisposable> KnowOnDutyAsync(NpgsqlTransaction transaction, IEnumerable<Unit> units, DateTimeOffset at, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var level = unit;
            while (level is not null && ids.Add(level.Id))
            {
                level = engine.NextLevelDutyUnit(level);
            }
        }
        _onDuty.AddOrUpdate(transaction, new OnDuty(at, ids, await NotificationStore.ShiftsOnDutyAsync(transaction, ids, at, ct)));
        return new Forget(() => _onDuty.Remove(transaction));
    }

    public async Task NotifyAsync(NpgsqlTransaction transaction, string unitId, Guid caseId, string kind, Phrase message, DateTimeOffset at,
        CancellationToken ct)
    {
        var officer = await SendAsync(transaction, unitId, caseId, kind, message, at, ct);
        if (officer is not null || directory.FindUnit(unitId) is not { } unit)
        {
            return;
        }
        var escalated = CaseWording.NobodyOnDuty(unit, message);
        for (var from = unit; officer is null && engine.NextLevelDutyUnit(from) is { } upper; from = upper)
        {
            logger.LogWarning("Nobody on duty at {UnitId}: case {CaseId} ({Kind}) goes to {UpperId}", from.Id, caseId, kind, upper.Id);
            officer = await SendAsync(transaction, upper.Id, caseId, NobodyOnDutyKind, escalated, at, ct);
        }
    }

    /// <summary>The shift on duty at the unit at <paramref name="at"/>, or null if nobody is: from <see cref="KnowOnDutyAsync"/> when it read the unit.</summary>
    public async Task<OnShift?> ShiftOnDutyAsync(NpgsqlTransaction transaction, string unitId, DateTimeOffset at, CancellationToken ct) =>
        _onDuty.TryGetValue(transaction, out var known) && known.At == at && known.Read.Contains(unitId)
            ? known.Shifts.GetValueOrDefault(unitId)
            : await NotificationStore.ShiftOnDutyAsync(transaction, unitId, at, ct);

    /// <summary>
    /// A notice about no case (a stretch nobody is on duty). It is not passed up: its sender tells the level above itself.
    /// </summary>
    public Task NotifyAsync(NpgsqlTransaction transaction, string unitId, string kind, Phrase message, DateTimeOffset at, CancellationToken ct) =>
        SendAsync(transaction, unitId, null, kind, message, at, ct);

    /// <summary>Records and sends one notice; returns the officer on shift, or null if nobody was.</summary>
    private async Task<string?> SendAsync(NpgsqlTransaction transaction, string unitId, Guid? caseId, string kind, Phrase message, DateTimeOffset at,
        CancellationToken ct)
    {
        var officer = (await ShiftOnDutyAsync(transaction, unitId, at, ct))?.Officer;
        await NotificationStore.AddAsync(transaction, unitId, caseId, kind, message, officer, at, ct);
        foreach (var gateway in gateways)
        {
            await gateway.SendAsync(unitId, officer, caseId, kind, message.Neutral, ct);
        }
        if (caseId is { } id)
        {
            await outbox.EnqueueAsync(transaction, new CaseNotified
            {
                CaseId = id, UnitId = unitId, DutyOfficer = officer, Kind = kind, At = at,
            }, ct);
        }
        _sent.Add(1, new KeyValuePair<string, object?>("kind", kind));
        logger.LogInformation("Unit {UnitId} notified ({Kind}) of case {CaseId}; duty officer {Officer}", unitId, kind, caseId?.ToString() ?? "none", officer ?? "none on shift");
        return officer;
    }
}

/// <summary>Who was on duty at <see cref="At"/> at each unit <see cref="Read"/> (absent from <see cref="Shifts"/>: nobody).</summary>
internal sealed record OnDuty(DateTimeOffset At, IReadOnlySet<string> Read, IReadOnlyDictionary<string, OnShift> Shifts);

internal sealed class Forget(Action forget) : IDisposable
{
    public void Dispose() => forget();
}

/// <summary>A further way to reach a duty officer (SMS, phone call), in Simplified Chinese. Called inside the case's transaction.</summary>
public interface INotificationGateway
{
    /// <param name="caseId">The case, or null for a notice about no case (a duty gap).</param>
    Task SendAsync(string unitId, string? dutyOfficer, Guid? caseId, string kind, string message, CancellationToken ct);
}
