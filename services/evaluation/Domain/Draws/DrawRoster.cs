using System.Security.Cryptography;
using System.Text;

namespace Supervision.Evaluation.Domain.Draws;

/// <summary>
/// One eligible member on a draw's roster: the panel number (no name, nothing personal), whether the member counts as
/// grassroots, and the county-level division of residence. Together the group and the county are the member's stratum.
/// </summary>
public sealed record RosterEntry(int PanelNumber, bool Grassroots, string County)
{
    /// <summary>The line the roster hash covers: "17,g,370811" (g grassroots, o other).</summary>
    public string Line => $"{PanelNumber},{(Grassroots ? "g" : "o")},{County}";

    public static RosterEntry Parse(string line)
    {
        var parts = line.Split(',');
        return parts.Length == 3 && int.TryParse(parts[0], out var number) && number > 0 && parts[1] is "g" or "o" && parts[2].Length > 0
            ? new RosterEntry(number, parts[1] == "g", parts[2])
            : throw new FormatException($"'{line}' is not a roster line (number,g|o,county).");
    }
}

/// <summary>The published, canonical form of a roster and its SHA-256, as the README's verifier computes them.</summary>
public static class DrawRoster
{
    /// <summary>Entries in panel-number order, one line each, every line ending in "\n".</summary>
    public static string Canonical(IEnumerable<RosterEntry> entries) =>
        string.Concat(entries.OrderBy(e => e.PanelNumber).Select(e => e.Line + "\n"));

    public static byte[] Hash(IEnumerable<RosterEntry> entries) => SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entries)));

    /// <summary>The commitment to a seed, published before the draw: SHA-256 of the seed's bytes.</summary>
    public static byte[] Commitment(byte[] seed) => SHA256.HashData(seed);

    /// <summary>The draw's random key: SHA-256(seed || roster hash || public entropy as UTF-8).</summary>
    public static byte[] Key(byte[] seed, byte[] rosterHash, string publicEntropy) =>
        SHA256.HashData([.. seed, .. rosterHash, .. Encoding.UTF8.GetBytes(publicEntropy)]);
}
