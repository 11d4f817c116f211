using System.Security.Cryptography;
using System.Text;

namespace Supervision.ServiceDefaults.Security;

/// <summary>
/// A citizen's only key back to what they sent (a report, a request to be heard): 100 random bits written as 20 Crockford base32
/// characters in four groups. Only its SHA-256 is stored; 2^100 codes make guessing hopeless, and
/// failed lookups are rate limited on top.
/// </summary>
public static class ReceiptCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 20;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[Length + 3];
        var position = 0;
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % 5 == 0)
            {
                chars[position++] = '-';
            }
            chars[position++] = Alphabet[bytes[i] & 31];
        }
        return new string(chars);
    }

    /// <summary>Upper-cases, drops separators and maps look-alikes (O→0, I/L→1); null when it cannot be a code.</summary>
    public static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40)
        {
            return null;
        }
        var builder = new StringBuilder(Length);
        foreach (var raw in code)
        {
            if (raw is '-' or ' ')
            {
                continue;
            }
            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (!Alphabet.Contains(c))
            {
                return null;
            }
            builder.Append(c);
        }
        return builder.Length == Length ? builder.ToString() : null;
    }

    public static byte[] Hash(string normalized) => SHA256.HashData(Encoding.ASCII.GetBytes(normalized));
}
