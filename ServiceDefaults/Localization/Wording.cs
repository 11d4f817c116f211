using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace Supervision.ServiceDefaults.Localization;

/// <summary>
/// The words of one assembly's resource file, named after <paramref name="anchor"/> (<c>X.resx</c> next to
/// <c>X.cs</c>): Simplified Chinese in the neutral file, English in <c>X.en.resx</c>. Words are read in the
/// request's language (<see cref="CultureInfo.CurrentUICulture"/>, set by <see cref="RequestLanguage"/>) and
/// their placeholders ({0}, {1}, ...) filled with the same culture.
/// </summary>
public sealed partial class Wording(Type anchor)
{
    private readonly ResourceManager _resources = new(anchor.FullName!, anchor.Assembly);

    /// <summary>Names the resource file in startup errors.</summary>
    public string Name { get; } = anchor.FullName!;

    /// <summary>The words of <paramref name="key"/> in the request's language.</summary>
    public string this[string key, params object?[] arguments] => In(CultureInfo.CurrentUICulture, key, arguments);

    /// <summary>Every key, as the neutral (Simplified Chinese) file has them.</summary>
    public IEnumerable<string> Keys => Entries(CultureInfo.InvariantCulture)?.Keys ?? Enumerable.Empty<string>();

    public bool Has(string key) => _resources.GetString(key, CultureInfo.InvariantCulture) is not null;

    public string In(CultureInfo culture, string key, params object?[] arguments)
    {
        var text = _resources.GetString(key, culture)
                   ?? throw new KeyNotFoundException($"{Name} has no wording '{key}'.");
        return arguments.Length == 0 ? text : string.Format(culture, text, arguments);
    }

    /// <summary>
    /// A refusal of the domain in these words: the gRPC edge words it in the caller's language. An argument that is itself
    /// a word (<see cref="Word"/>) is worded in the same language.
    /// </summary>
    public Supervision.Reference.DomainRuleException Refusal(string key, params object?[] arguments) =>
        new(key, culture => In(culture, key, arguments.Select(a => a is Func<CultureInfo, string> word ? word(culture) : a).ToArray()));

    /// <summary>The words of <paramref name="key"/> as an argument of <see cref="Refusal"/>, worded in the refusal's language.</summary>
    public Func<CultureInfo, string> Word(string key) => culture => In(culture, key);

    /// <summary>
    /// Every problem of the resource files for <paramref name="cultures"/>: a key missing from a language, a key
    /// no other language has, placeholders that differ from the neutral wording, a wording that does not format.
    /// </summary>
    public IReadOnlyList<string> Problems(IEnumerable<CultureInfo> cultures)
    {
        var problems = new List<string>();
        var neutral = Entries(CultureInfo.InvariantCulture);
        if (neutral is null)
        {
            return [$"{Name}: the neutral (Simplified Chinese) resources are missing"];
        }
        foreach (var culture in cultures.Where(c => !IsNeutral(c)))
        {
            var translated = Entries(culture);
            if (translated is null)
            {
                problems.Add($"{Name}: no resources for {culture.Name}");
                continue;
            }
            problems.AddRange(neutral.Keys.Except(translated.Keys).Select(k => $"{Name}: '{k}' has no {culture.Name} wording"));
            problems.AddRange(translated.Keys.Except(neutral.Keys).Select(k => $"{Name}: '{k}' exists only in {culture.Name}"));
            foreach (var (key, text) in translated.Where(t => neutral.ContainsKey(t.Key)))
            {
                if (!Placeholders(neutral[key]).SetEquals(Placeholders(text)))
                {
                    problems.Add($"{Name}: '{key}' in {culture.Name} has placeholders {{{string.Join(",", Placeholders(text))}}}, "
                                 + $"the neutral wording {{{string.Join(",", Placeholders(neutral[key]))}}}");
                }
            }
        }
        foreach (var (key, text) in neutral)
        {
            try
            {
                _ = string.Format(CultureInfo.InvariantCulture, text, new object?[Placeholders(text).DefaultIfEmpty(-1).Max() + 1]);
            }
            catch (FormatException)
            {
                problems.Add($"{Name}: '{key}' is not a valid format string");
            }
        }
        return problems;
    }

    /// <summary>Throws at startup when <see cref="Problems"/> finds any, so a missing translation never reaches a caller.</summary>
    public void Verify(IEnumerable<CultureInfo> cultures)
    {
        var problems = Problems(cultures);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Incomplete wording:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }
    }

    public static ISet<int> Placeholders(string text) =>
        PlaceholderPattern().Matches(text.Replace("{{", "").Replace("}}", "")).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();

    private static bool IsNeutral(CultureInfo culture) =>
        culture.Equals(CultureInfo.InvariantCulture) || culture.Name == RequestLanguage.Neutral.Name
        || culture.Parent.Name == RequestLanguage.Neutral.Name;

    private Dictionary<string, string>? Entries(CultureInfo culture)
    {
        // Not disposed: the resource manager caches the set.
        var set = _resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        return set?.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    [GeneratedRegex(@"\{(\d+)(,[^}]*)?(:[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
