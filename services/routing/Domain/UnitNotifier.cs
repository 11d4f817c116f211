using System.Diagnostics.Metrics;
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

    /// <summary>
    /// A notice about no case (a stretch nobody is on duty). It is not passed up: its sender tells the level above itself.
    /// </summary>
    public Task NotifyAsync(NpgsqlTransaction transaction, string unitId, string kind, Phrase message, DateTimeOffset at, CancellationToken ct) =>
        SendAsync(transaction, unitId, null, kind, message, at, ct);

    /// <summary>Records and sends one notice; returns the officer on shift, or null if nobody was.</summary>
    private async Task<string?> SendAsync(NpgsqlTransaction transaction, string unitId, Guid? caseId, string kind, Phrase message, DateTimeOffset at,
        CancellationToken ct)
    {
        var officer = await NotificationStore.OfficerOnShiftAsync(transaction, unitId, at, ct);
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

/// <summary>A further way to reach a duty officer (SMS, phone call), in Simplified Chinese. Called inside the case's transaction.</summary>
public interface INotificationGateway
{
    /// <param name="caseId">The case, or null for a notice about no case (a duty gap).</param>
    Task SendAsync(string unitId, string? dutyOfficer, Guid? caseId, string kind, string message, CancellationToken ct);
}
