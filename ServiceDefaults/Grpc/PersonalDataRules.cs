using System.Globalization;
using System.Text.RegularExpressions;

namespace Supervision.ServiceDefaults.Grpc;

/// <summary>The forms of personal data every service checks alike: mainland phone numbers and resident identity numbers.</summary>
public static partial class PersonalDataRules
{
    /// <summary>A mainland mobile (11 digits, 13-19) or a landline such as 0537-2345678.</summary>
    public static bool IsPhone(string value) => MobilePattern().IsMatch(value) || LandlinePattern().IsMatch(value);

    /// <summary>GB 11643: 17 digits and a check character (0-9 or X) over the weighted sum mod 11.</summary>
    public static bool IsResidentIdNumber(string value)
    {
        if (!ResidentIdPattern().IsMatch(value))
        {
            return false;
        }
        return char.ToUpperInvariant(value[17]) == ResidentIdCheckCharacter(value.AsSpan(0, 17));
    }

    /// <summary>The check character of the first 17 digits of a resident identity number.</summary>
    public static char ResidentIdCheckCharacter(ReadOnlySpan<char> first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * weights[i];
        }
        return "10X98765432"[sum % 11];
    }

    /// <summary>The birth date a valid resident identity number carries (digits 7-14), if it is a real date.</summary>
    public static DateOnly? ResidentIdBirthDate(string value) =>
        value.Length >= 14 && DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    [GeneratedRegex(@"^1[3-9][0-9]{9}\z")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^0[0-9]{2,3}-?[0-9]{7,8}\z")]
    private static partial Regex LandlinePattern();

    [GeneratedRegex(@"^[0-9]{17}[0-9Xx]\z")]
    private static partial Regex ResidentIdPattern();
}
