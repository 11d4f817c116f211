using System.Globalization;

namespace Supervision.Reference;

/// <summary>
/// A request that breaks a rule of the domain in the state things are in (a case already concluded, a
/// step out of order). The gRPC edge answers FAILED_PRECONDITION with its words in the caller's language
/// (<see cref="In"/>), and a consumer's retry gives up on it at once.
/// </summary>
public sealed class DomainRuleException : Exception
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private readonly Func<CultureInfo, string>? _words;

    /// <summary>A refusal in fixed words.</summary>
    public DomainRuleException(string message) : base(message)
    {
    }

    /// <summary>
    /// A refusal worded from a resource file: <paramref name="key"/> names it, <paramref name="words"/> words it in a
    /// language. The exception's own message (for logs) is English.
    /// </summary>
    public DomainRuleException(string key, Func<CultureInfo, string> words) : base(words(English))
    {
        Key = key;
        _words = words;
    }

    /// <summary>The key of the refusal's words, when it has one.</summary>
    public string? Key { get; }

    /// <summary>The refusal in <paramref name="culture"/>.</summary>
    public string In(CultureInfo culture) => _words?.Invoke(culture) ?? Message;
}
