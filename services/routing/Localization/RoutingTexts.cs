using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Localization;

/// <summary>The words routing shows staff (RoutingTexts.resx, RoutingTexts.en.resx), by stable key.</summary>
public static class RoutingTexts
{
    public static readonly Wording Words = new(typeof(RoutingTexts));
}
