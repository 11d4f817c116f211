using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Localization;

/// <summary>The words reporting shows staff and the public (ReportingTexts.resx, ReportingTexts.en.resx), by stable key.</summary>
public static class ReportingTexts
{
    public static readonly Wording Words = new(typeof(ReportingTexts));
}
