using System.Text.Json;
using System.Text.Json.Serialization;
using Supervision.Contracts.Events;

namespace Supervision.ServiceDefaults.Messaging;

/// <summary>How outbox rows store events: JSON, with the contract's full type name beside it.</summary>
public static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<string, Type> EventTypes = typeof(ReportReceived).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(ReportReceived).Namespace && t is { IsClass: true, IsPublic: true })
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static string TypeName(Type type) =>
        EventTypes.ContainsKey(type.FullName!) ? type.FullName! : throw new ArgumentException($"{type} is not an event contract.");

    public static Type Resolve(string typeName) =>
        EventTypes.TryGetValue(typeName, out var type) ? type : throw new InvalidOperationException($"Unknown event type {typeName}.");
}
