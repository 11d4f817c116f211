using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Supervision.Platform;

/// <summary>
/// Mints HS256 tokens signed with the development key, for demo roles, tools, the dashboard's
/// operator commands and tests. A plain JWT (RFC 7519) built here, so callers need no JWT library.
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "supervision";
    public const string Audience = "supervision";

    /// <summary>The key bytes of a base64 development key; at least 32 bytes, as HS256 requires.</summary>
    public static byte[] KeyBytes(string base64Key)
    {
        var bytes = Convert.FromBase64String(base64Key);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
        }
        return bytes;
    }

    public static string Mint(string base64Key, string subject, IEnumerable<string> roles, string divisionCode,
        TimeSpan lifetime, string issuer = Issuer, string audience = Audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new Dictionary<string, object>
        {
            [SupervisionClaims.Subject] = subject,
            [SupervisionClaims.Division] = divisionCode,
            [SupervisionClaims.Role] = roles.ToArray(),
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        };
        var unsigned = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = HMACSHA256.HashData(KeyBytes(base64Key), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
