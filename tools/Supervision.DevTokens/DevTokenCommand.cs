using Supervision.Platform;

namespace Supervision.DevTokens;

/// <summary>Prints a development token for demo roles: <c>&lt;role[,role...]&gt; [division-code] [subject]</c>.</summary>
public static class DevTokenCommand
{
    public const string DefaultDivision = "370800";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const int UsageError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length is < 1 or > 3 || args[0] is "-h" or "--help")
        {
            error.WriteLine("usage: dotnet run --project tools/Supervision.DevTokens -- <role[,role...]> [division-code] [subject]");
            error.WriteLine($"  roles: {string.Join(", ", Roles.All)}; division default {DefaultDivision}; subject default demo-<role>");
            return UsageError;
        }

        var roles = args[0].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (roles.Length == 0 || unknown.Count > 0)
        {
            error.WriteLine($"Unknown role '{string.Join(",", unknown)}'. Valid roles: {string.Join(", ", Roles.All)}.");
            return UsageError;
        }

        var division = args.Length > 1 ? args[1] : DefaultDivision;
        // A swapped argument (a subject where the division goes) would mint a token that sees nothing.
        if (division.Length == 0 || !division.All(char.IsAsciiDigit))
        {
            error.WriteLine($"Division code '{division}' is not a GB/T 2260 code such as {DefaultDivision}.");
            return UsageError;
        }
        var subject = args.Length > 2 ? args[2] : $"demo-{string.Join("-", roles)}";

        try
        {
            output.WriteLine(DevelopmentTokens.Mint(DevelopmentSettings.SigningKey(), subject, roles.Distinct(), division, Lifetime));
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }
}
