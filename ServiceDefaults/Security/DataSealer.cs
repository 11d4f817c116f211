using System.Security.Cryptography;

namespace Supervision.ServiceDefaults.Security;

/// <summary>
/// Seals personal data at rest with AES-256-GCM (ADR 4). The caller's associated data (a purpose and the
/// owning record's id) is authenticated with it, so sealed data copied onto another record does not open.
/// Layout: key id (1 byte) | nonce (12) | tag (16) | ciphertext. Old keys stay configured to open old data.
/// </summary>
public sealed class DataSealer
{
    private const int Overhead = 1 + 12 + 16;

    private readonly Dictionary<byte, byte[]> _keys;
    private readonly byte _activeKey;

    /// <param name="keys">Key id (1-255) to base64 256-bit key.</param>
    /// <param name="activeKey">The key id new data is sealed with.</param>
    /// <param name="settingName">Names the configuration in the startup error, e.g. "Intake:IdentityKeys".</param>
    public DataSealer(IReadOnlyDictionary<string, string> keys, int activeKey, string settingName)
    {
        _keys = keys.ToDictionary(k => byte.Parse(k.Key), k => Convert.FromBase64String(k.Value));
        _activeKey = checked((byte)activeKey);
        if (_keys.Values.Any(k => k.Length != 32) || !_keys.ContainsKey(_activeKey))
        {
            throw new InvalidOperationException(
                $"Every {settingName} entry must be a base64 256-bit key, and the active key ({_activeKey}) must name one.");
        }
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[Overhead + plaintext.Length];
        output[0] = _activeKey;
        var nonce = output.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKey], 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(Overhead), output.AsSpan(13, 16), associatedData);
        return output;
    }

    public byte[] Open(byte[] sealedData, ReadOnlySpan<byte> associatedData)
    {
        if (sealedData.Length < Overhead || !_keys.TryGetValue(sealedData[0], out var key))
        {
            throw new CryptographicException("Sealed data is malformed or its key is not configured.");
        }
        var plaintext = new byte[sealedData.Length - Overhead];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedData.AsSpan(1, 12), sealedData.AsSpan(Overhead), sealedData.AsSpan(13, 16), plaintext, associatedData);
        return plaintext;
    }
}
