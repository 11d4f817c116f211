using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Localization;

/// <summary>The words inspection shows people (InspectionTexts.resx, InspectionTexts.en.resx), by stable key.</summary>
public static class InspectionTexts
{
    public static readonly Wording Words = new(typeof(InspectionTexts));
}
