using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Intake.Domain;

/// <summary>The reporter's identity as it is sealed; never logged, never published.</summary>
public sealed record ReporterIdentityData(string Name, string Phone, string IdNumber, string Address);

/// <summary>
/// Seals a reporter's identity and receipt code with the platform's <see cref="DataSealer"/>, bound to the report id,
/// so a sealed identity copied onto another report does not open.
/// </summary>
public sealed class IdentityProtector(IOptions<IntakeOptions> options)
{
    private readonly DataSealer _sealer = new(options.Value.IdentityKeys, options.Value.ActiveIdentityKey, "Intake:IdentityKeys");

    public byte[] SealIdentity(ReporterIdentityData identity, Guid reportId) =>
        _sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(identity), Purpose("identity", reportId));

    public ReporterIdentityData OpenIdentity(byte[] sealedIdentity, Guid reportId) =>
        JsonSerializer.Deserialize<ReporterIdentityData>(_sealer.Open(sealedIdentity, Purpose("identity", reportId)))!;

    public byte[] SealReceipt(string receiptCode, Guid reportId) => _sealer.Seal(Encoding.ASCII.GetBytes(receiptCode), Purpose("receipt", reportId));

    public string OpenReceipt(byte[] sealedReceipt, Guid reportId) =>
        Encoding.ASCII.GetString(_sealer.Open(sealedReceipt, Purpose("receipt", reportId)));

    private static byte[] Purpose(string purpose, Guid reportId) => [.. Encoding.ASCII.GetBytes(purpose), .. reportId.ToByteArray()];
}
