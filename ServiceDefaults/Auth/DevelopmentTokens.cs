using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Supervision.ServiceDefaults.Auth;

/// <summary>Mints tokens signed with the development key, for demo roles, tools and tests.</summary>
public static class DevelopmentTokens
{
    public static SymmetricSecurityKey KeyFrom(string base64Key)
    {
        var bytes = Convert.FromBase64String(base64Key);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
        }
        return new SymmetricSecurityKey(bytes);
    }

    public static string Mint(string base64Key, string subject, IEnumerable<string> roles, string divisionCode,
        TimeSpan lifetime, string issuer = "supervision", string audience = "supervision")
    {
        var claims = new List<Claim> { new(SupervisionClaims.Subject, subject), new(SupervisionClaims.Division, divisionCode) };
        claims.AddRange(roles.Select(r => new Claim(SupervisionClaims.Role, r)));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(KeyFrom(base64Key), SecurityAlgorithms.HmacSha256),
        });
    }
}
