using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Localization;

/// <summary>
/// Words as routing stores them, worded when read in the reader's language (ADR 10): a key of
/// <see cref="RoutingTexts"/> filled with <see cref="Args"/>, each itself a phrase; a unit of the directory (its
/// name in the reader's language); or a name or text as written (<see cref="Text"/>, with its English form
/// <see cref="En"/> where the directory has one).
/// </summary>
public sealed record Phrase
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public string? Key { get; init; }
    public IReadOnlyList<Phrase>? Args { get; init; }
    public string? Unit { get; init; }
    public string? Text { get; init; }
    public string? En { get; init; }
    /// <summary>Several phrases read as one list ("A、B" / "A, B").</summary>
    public IReadOnlyList<Phrase>? List { get; init; }

    /// <summary>Text as someone wrote it (a handler's note, a dispatcher's reason): read as written in every language.</summary>
    public static implicit operator Phrase(string text) => new() { Text = text };

    public static Phrase Of(string key, params Phrase[] args) => new() { Key = key, Args = args.Length == 0 ? null : args };

    public static Phrase Of(Unit unit) => new() { Unit = unit.Id, Text = unit.Name, En = unit.NameEn };

    /// <summary>A proper name with its English form, where the directory has one.</summary>
    public static Phrase Name(string name, string? nameEn) => new() { Text = name, En = nameEn };

    public static Phrase ListOf(IEnumerable<Phrase> items) => new() { List = items.ToList() };

    public static Phrase Number(long count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>A moment, in UTC and the invariant format every language reads.</summary>
    public static Phrase Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The words in <paramref name="culture"/>; a unit is named as <paramref name="directory"/> names it now. A key the
    /// resource files no longer have reads as its stored text, or as the key itself.
    /// </summary>
    public string In(CultureInfo culture, CityDirectory? directory = null)
    {
        if (Unit is not null && directory?.FindUnit(Unit) is { } unit)
        {
            return RequestLanguage.Name(unit.Name, unit.NameEn, culture);
        }
        if (List is not null)
        {
            return string.Join(RoutingTexts.Words.In(culture, "list.separator"), List.Select(p => p.In(culture, directory)));
        }
        if (Key is not null && RoutingTexts.Words.Has(Key))
        {
            return RoutingTexts.Words.In(culture, Key, (Args ?? []).Select(a => (object?)a.In(culture, directory)).ToArray());
        }
        return Text is null ? Key ?? Unit ?? "" : RequestLanguage.Name(Text, En, culture);
    }

    /// <summary>In Simplified Chinese: what the stored text columns keep for readers that know only them.</summary>
    [JsonIgnore]
    public string Neutral => In(RequestLanguage.Neutral);

    /// <summary>The arguments as stored (wording_args); null for a phrase without a key.</summary>
    [JsonIgnore]
    public string? ArgsJson => Key is null ? null : JsonSerializer.Serialize(Args ?? [], Json);

    /// <summary>Phrases are equal when they say the same: the same key, arguments, unit, text and list.</summary>
    public bool Equals(Phrase? other) =>
        other is not null && Key == other.Key && Unit == other.Unit && Text == other.Text && En == other.En
        && (Args ?? []).SequenceEqual(other.Args ?? []) && (List ?? []).SequenceEqual(other.List ?? []);

    public override int GetHashCode() => HashCode.Combine(Key, Unit, Text, En, Args?.Count ?? 0, List?.Count ?? 0);

    /// <summary>A stored row's words: its key and arguments when it has them, else its stored text as written.</summary>
    public static Phrase Stored(string? key, string? argsJson, string text) =>
        key is null ? text
            : new Phrase { Key = key, Args = string.IsNullOrEmpty(argsJson) ? null : JsonSerializer.Deserialize<List<Phrase>>(argsJson, Json), Text = text };
}
