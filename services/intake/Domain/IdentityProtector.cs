using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Supervision.Intake.Domain;

/// <summary>The reporter's identity as it is sealed; never logged, never published.</summary>
public sealed record ReporterIdentityData(string Name, string Phone, string IdNumber, string Address);

/// <summary>
/// Seals data with AES-256-GCM. The report id is authenticated with it, so a sealed identity copied
/// onto another report does not open. Layout: key id (1 byte) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class IdentityProtector
{
    private readonly Dictionary<byte, byte[]> _keys;
    private readonly byte _activeKey;

    public IdentityProtector(IOptions<IntakeOptions> options)
    {
        _keys = options.Value.IdentityKeys.ToDictionary(k => byte.Parse(k.Key), k => Convert.FromBase64String(k.Value));
        _activeKey = checked((byte)options.Value.ActiveIdentityKey);
        if (_keys.Values.Any(k => k.Length != 32) || !_keys.ContainsKey(_activeKey))
        {
            throw new InvalidOperationException(
                $"Every Intake:IdentityKeys entry must be a base64 256-bit key, and Intake:ActiveIdentityKey ({_activeKey}) must name one.");
        }
    }

    public byte[] SealIdentity(ReporterIdentityData identity, Guid reportId) =>
        Seal(JsonSerializer.SerializeToUtf8Bytes(identity), Purpose("identity", reportId));

    public ReporterIdentityData OpenIdentity(byte[] sealedIdentity, Guid reportId) =>
        JsonSerializer.Deserialize<ReporterIdentityData>(Open(sealedIdentity, Purpose("identity", reportId)))!;

    public byte[] SealReceipt(string receiptCode, Guid reportId) => Seal(Encoding.ASCII.GetBytes(receiptCode), Purpose("receipt", reportId));

    public string OpenReceipt(byte[] sealedReceipt, Guid reportId) => Encoding.ASCII.GetString(Open(sealedReceipt, Purpose("receipt", reportId)));

    private static byte[] Purpose(string purpose, Guid reportId) => [.. Encoding.ASCII.GetBytes(purpose), .. reportId.ToByteArray()];

    private byte[] Seal(byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[1 + 12 + 16 + plaintext.Length];
        output[0] = _activeKey;
        var nonce = output.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKey], 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(29), output.AsSpan(13, 16), associatedData);
        return output;
    }

    private byte[] Open(byte[] sealedData, byte[] associatedData)
    {
        if (sealedData.Length < 29 || !_keys.TryGetValue(sealedData[0], out var key))
        {
            throw new CryptographicException("Sealed data is malformed or its key is not configured.");
        }
        var plaintext = new byte[sealedData.Length - 29];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedData.AsSpan(1, 12), sealedData.AsSpan(29), sealedData.AsSpan(13, 16), plaintext, associatedData);
        return plaintext;
    }
}
