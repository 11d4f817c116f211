using System.Globalization;

namespace Supervision.Reporting.Tests;

/// <summary>Reads words as a caller of one language does (the request's language is the current UI culture).</summary>
internal static class Languages
{
    public static T In<T>(string language, Func<T> read)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
