using Supervision.Evaluation.Localization;
using Supervision.Reference;

namespace Supervision.Evaluation.Domain;

/// <summary>
/// The grassroots quota: after an appointment (or a renewal back into service) at least the rules' share of serving members
/// come from the grassroots sectors (enterprises, individual businesses, ordinary citizens).
/// </summary>
public static class PanelQuota
{
    /// <summary>Throws the refusal, with the numbers it would come to, when adding one member of <paramref name="sector"/> breaks the quota.</summary>
    public static void RequireRoomFor(string sector, PanelRules rules, int servingGrassroots, int serving)
    {
        var grassroots = servingGrassroots + (rules.IsGrassroots(sector) ? 1 : 0);
        var total = serving + 1;
        if ((double)grassroots / total >= rules.GrassrootsShareMinimum)
        {
            return;
        }
        // Shown truncated, not rounded: 79.96% must not read as 80.0%.
        var percent = Math.Floor(grassroots * 1000.0 / total) / 10;
        throw new DomainRuleException(EvaluationTexts.Words["quota.would-break", percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            grassroots, total, rules.GrassrootsShareMinimum * 100]);
    }
}
