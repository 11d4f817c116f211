using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Localization;

/// <summary>Every word evaluation shows a staff member or a citizen (EvaluationTexts.resx, EvaluationTexts.en.resx), by stable key.</summary>
public static class EvaluationTexts
{
    public static readonly Wording Words = new(typeof(EvaluationTexts));
}
