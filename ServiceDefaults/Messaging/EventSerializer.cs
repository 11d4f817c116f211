using System.Text.Json.Serialization;
using System.Text.Json;
using Supervision.Contracts.Events.Intake;

namespace Supervision.ServiceDefaults.Messaging;

/// <summary>How outbox rows store events: JSON, with the contract's full type name beside it.</summary>
public static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Events live under this namespace, one sub-namespace per publishing service.</summary>
    public const string EventsNamespace = "Supervision.Contracts.Events";

    private static readonly Dictionary<string, Type> EventTypes = typeof(ReportReceived).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsPublic: true } && IsEventNamespace(t.Namespace))
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    private static bool IsEventNamespace(string? ns) =>
        ns is not null && (ns == EventsNamespace || ns.StartsWith(EventsNamespace + ".", StringComparison.Ordinal));

    public static string TypeName(Type type) =>
        EventTypes.ContainsKey(type.FullName!) ? type.FullName! : throw new ArgumentException($"{type} is not an event contract.");

    public static Type Resolve(string typeName) =>
        EventTypes.TryGetValue(typeName, out var type) ? type : throw new InvalidOperationException($"Unknown event type {typeName}.");
}
