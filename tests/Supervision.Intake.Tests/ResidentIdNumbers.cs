namespace Supervision.Intake.Tests;

/// <summary>
/// GB 11643 check characters computed as ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11), a formulation
/// independent of the weight table in the validator.
/// </summary>
internal static class ResidentIdNumbers
{
    public const string KnownValid = "11010519491231002X";

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var weight = 1;
            for (var power = 0; power < 17 - i; power++)
            {
                weight = weight * 2 % 11;
            }
            sum += (first17[i] - '0') * weight;
        }
        var check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    public static string WithCheckCharacter(string first17) => first17 + CheckCharacter(first17);
}
