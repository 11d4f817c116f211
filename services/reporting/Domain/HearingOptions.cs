using System.Text;
using System.Text.Json;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Reporting.Domain;

/// <summary>Requests to be heard (section Reporting:Hearings): the sealing keys of requesters' contacts and the public limits.</summary>
public sealed class HearingOptions
{
    public const string Section = "Reporting:Hearings";

    /// <summary>Key id (1-255) to base64 256-bit key; old keys stay to open old requests.</summary>
    public Dictionary<string, string> SealingKeys { get; set; } = [];

    public int ActiveSealingKey { get; set; } = 1;

    /// <summary>Requests sent online per caller address and minute.</summary>
    public int RequestsPerMinute { get; set; } = 5;

    /// <summary>Looks at a request's state per caller address and minute, and failed looks per hour.</summary>
    public int ChecksPerMinute { get; set; } = 30;

    public int FailedChecksPerHour { get; set; } = 20;
}

/// <summary>Who asked to be heard: sealed at rest, never logged, never on the bus (ADR 4).</summary>
public sealed record HearingContact(string Name, string Phone, string? IdNumber);

/// <summary>
/// Seals a requester's contact and the request's check code with the platform's <see cref="DataSealer"/>, each bound to the
/// request's id and its purpose, so sealed data copied onto another request does not open.
/// </summary>
public sealed class HearingSealer(HearingOptions options)
{
    private readonly DataSealer _sealer = new(options.SealingKeys, options.ActiveSealingKey, HearingOptions.Section + ":SealingKeys");

    public byte[] Seal(HearingContact contact, Guid requestId) => _sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(contact), Purpose("contact", requestId));

    public HearingContact Open(byte[] sealedContact, Guid requestId) =>
        JsonSerializer.Deserialize<HearingContact>(_sealer.Open(sealedContact, Purpose("contact", requestId)))!;

    public byte[] SealCheckCode(string checkCode, Guid requestId) => _sealer.Seal(Encoding.ASCII.GetBytes(checkCode), Purpose("check-code", requestId));

    public string OpenCheckCode(byte[] sealedCode, Guid requestId) => Encoding.ASCII.GetString(_sealer.Open(sealedCode, Purpose("check-code", requestId)));

    private static byte[] Purpose(string what, Guid requestId) => [.. Encoding.ASCII.GetBytes("hearing-" + what), .. requestId.ToByteArray()];
}
