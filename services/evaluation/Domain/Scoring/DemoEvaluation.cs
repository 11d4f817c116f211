namespace Supervision.Evaluation.Domain.Scoring;

/// <summary>
/// The demo city's one finished evaluation: a targeted draw of 30 members (and 6 substitutes) for 嘉祥县行政审批服务局,
/// committed and revealed with a published entropy, and a closed session in which the drawn members scored six county
/// departments, so its ranking and consequences are there to read. The same on every machine, but for the draw's secret seed.
/// </summary>
public static class DemoEvaluation
{
    /// <summary>The session's id, fixed so that the demo can be read (Scoring.GetRanking) without a lookup.</summary>
    public static readonly Guid SessionId = new("0193a000-0000-7000-8000-00000000de01");

    public const string LoadedBy = "demo-city";
    public const string SheetId = "departments-2026";
    public const string Title = "2026年度嘉祥县、汶上县部门群众评议（演示）";
    public const string DrawPurpose = "群众投诉较多，定向评议（演示）";
    public const string PublicEntropy = "福利彩票3D 2026年第001期开奖号码 3 8 5";
    public const int Seats = 30;
    public const int Substitutes = 6;

    /// <summary>The units scored, the draw's unit first, each with the mean its scorers lean to (best first).</summary>
    public static readonly IReadOnlyList<(string UnitId, double Quality)> Units =
    [
        ("u-370829-approval", 86), ("u-370829-health", 91), ("u-370829-public-security", 77),
        ("u-370829-hrss", 81), ("u-370830-approval", 72), ("u-370830-natural-resources", 64),
    ];

    /// <summary>A member's criteria for a unit: the unit's quality, the member's lean and a little noise per criterion, in 40–100.</summary>
    public static Dictionary<string, double> Criteria(ScoringSheet sheet, int panelNumber, string unitId, double quality)
    {
        var random = SeededRandom.From($"demo-evaluation|{panelNumber}|{unitId}");
        var lean = (random.NextUnit() - 0.5) * 12;
        return sheet.Criteria.ToDictionary(c => c.Id, _ => Math.Clamp(Math.Round(quality + lean + (random.NextUnit() - 0.5) * 8), 40, 100));
    }
}
