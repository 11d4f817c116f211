namespace Supervision.ServiceDefaults.Auth;

/// <summary>
/// Token validation. Production names an OIDC <see cref="Authority"/>; development signs with a
/// shared <see cref="SigningKey"/> that the AppHost provides.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string? Authority { get; set; }
    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "supervision";
    public string Audience { get; set; } = "supervision";
}
