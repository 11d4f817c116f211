using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Localization;

/// <summary>The words routing shows people (RoutingTexts.resx, RoutingTexts.en.resx), by stable key.</summary>
public static class RoutingTexts
{
    public static readonly Wording Words = new(typeof(RoutingTexts));

    /// <summary>Words to store and word when read: <paramref name="key"/> of these files, filled with <paramref name="args"/>.</summary>
    public static Phrase Phrase(string key, params Phrase[] args) => Localization.Phrase.Of(key, args);
}
