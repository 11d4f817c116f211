using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Supervision.ServiceDefaults.Localization;

/// <summary>Languages a service answers in (section <c>Localization</c>); the first is the default.</summary>
public sealed class LanguageOptions
{
    public const string Section = "Localization";

    /// <summary>Simplified Chinese first: the city's citizens and officials read it; English for visitors and integrators.</summary>
    public List<string> SupportedCultures { get; set; } = [RequestLanguage.Neutral.Name, "en"];
}

/// <summary>
/// The language of a call, from its <c>accept-language</c> header: the supported language the caller prefers
/// most (<c>zh-CN</c> and <c>zh</c> are Simplified Chinese, <c>en-US</c> is English), otherwise the default,
/// Simplified Chinese. Only the UI culture is set: words are chosen and formatted with it, while code, logs and
/// stored values keep their invariant formats.
/// </summary>
public static class RequestLanguage
{
    public static readonly CultureInfo Neutral = CultureInfo.GetCultureInfo("zh-Hans");

    /// <summary>
    /// A proper name as the reader of <paramref name="culture"/> (the request's, unless given) reads it: in Chinese,
    /// or the directory's English name for any other language where it has one.
    /// </summary>
    public static string Name(string name, string? nameEn, CultureInfo? culture = null) =>
        (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName != Neutral.TwoLetterISOLanguageName && !string.IsNullOrWhiteSpace(nameEn)
            ? nameEn
            : name;

    public static IReadOnlyList<CultureInfo> Cultures(LanguageOptions options)
    {
        var cultures = options.SupportedCultures.Select(CultureInfo.GetCultureInfo).Distinct().ToList();
        return cultures.Count > 0 ? cultures : [Neutral];
    }

    /// <summary>The language of <paramref name="acceptLanguage"/> among <paramref name="supported"/> (the first is the default).</summary>
    public static CultureInfo Choose(string? acceptLanguage, IReadOnlyList<CultureInfo> supported)
    {
        if (!string.IsNullOrWhiteSpace(acceptLanguage)
            && StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(','), out var ranges))
        {
            foreach (var range in ranges.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
            {
                if (Match(range.Value.Value, supported) is { } culture)
                {
                    return culture;
                }
            }
        }
        return supported[0];
    }

    /// <summary>The culture <paramref name="tag"/> names, or its nearest supported ancestor; any Chinese is Simplified.</summary>
    private static CultureInfo? Match(string? tag, IReadOnlyList<CultureInfo> supported)
    {
        if (string.IsNullOrEmpty(tag) || tag == "*")
        {
            return null;
        }
        CultureInfo requested;
        try
        {
            requested = CultureInfo.GetCultureInfo(tag);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
        for (var culture = requested; !culture.Equals(CultureInfo.InvariantCulture); culture = culture.Parent)
        {
            if (supported.FirstOrDefault(s => s.Name.Equals(culture.Name, StringComparison.OrdinalIgnoreCase)) is { } match)
            {
                return match;
            }
            // Bare "zh" and Traditional Chinese (zh-TW reaches "zh" through zh-Hant) read the Simplified Chinese we have.
            if (culture.Name.Equals("zh", StringComparison.OrdinalIgnoreCase)
                && supported.FirstOrDefault(s => s.Name == Neutral.Name) is { } simplified)
            {
                return simplified;
            }
        }
        return null;
    }

    public static IHostApplicationBuilder AddRequestLanguage(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<LanguageOptions>(builder.Configuration.GetSection(LanguageOptions.Section));
        return builder;
    }

    /// <summary>Sets the UI culture of each request (gRPC or HTTP) from its <c>accept-language</c>.</summary>
    public static IApplicationBuilder UseRequestLanguage(this IApplicationBuilder app)
    {
        var supported = Cultures(app.ApplicationServices.GetRequiredService<IOptions<LanguageOptions>>().Value);
        // Async, so the culture stays with this request's flow and never leaks into the connection's.
        return app.Use(async (context, next) =>
        {
            CultureInfo.CurrentUICulture = Choose(context.Request.Headers.AcceptLanguage, supported);
            await next(context);
        });
    }
}
