using Supervision.ServiceDefaults.Localization;

namespace Supervision.Intake.Localization;

/// <summary>Every word intake shows a reporter or a staff member (IntakeTexts.resx, IntakeTexts.en.resx), by stable key.</summary>
public static class IntakeTexts
{
    public static readonly Wording Words = new(typeof(IntakeTexts));
}
