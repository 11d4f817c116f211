namespace Supervision.ServiceDefaults.Localization;

/// <summary>The words the service template itself shows callers (PlatformTexts.resx, PlatformTexts.en.resx).</summary>
public static class PlatformTexts
{
    public static readonly Wording Words = new(typeof(PlatformTexts));
}
