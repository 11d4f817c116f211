using Supervision.Reference;

namespace Supervision.Inspection.Domain;

public static class RecusalRules
{
    public const string WorkedAtTarget = "worked-at-target";
    public const string RelativeAtTarget = "relative-at-target";
    public const string HomeDivision = "home-division";
    public const string OpenCaseSubject = "open-case-subject";
}

/// <summary>The facts of one conflict, kept with an exclusion and worded when read.</summary>
public sealed record ConflictDetail
{
    public string? UnitId { get; init; }
    public string? Post { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? RelativeKind { get; init; }
    public string? DivisionCode { get; init; }
    public int? Years { get; init; }
}

public sealed record RecusalConflict(string InspectorId, string InspectorName, string Rule, ConflictDetail Detail);

/// <summary>
/// Recusal (公务回避) computed from the data, never declared by hand: postings within the rule's years, relatives of the
/// law's kinds holding a post at the target, the home division where the rule set says so, and open reports or cases.
/// </summary>
public sealed class Recusal(InspectionRules rules, CityDirectory directory)
{
    private RecusalRuleSet Set => rules.Recusal;

    /// <param name="openCaseSubject">Whether the inspector is the subject of a report or case still open.</param>
    public IReadOnlyList<RecusalConflict> ConflictsOf(InspectorRecord inspector, TourTarget target, DateOnly today, bool openCaseSubject)
    {
        var conflicts = new List<RecusalConflict>();
        var since = today.AddYears(-Set.WorkedWithinYears);
        foreach (var posting in inspector.Postings.Where(p => (p.To is null || p.To >= since) && target.Includes(directory, p.UnitId)))
        {
            conflicts.Add(new RecusalConflict(inspector.Id, inspector.Name, RecusalRules.WorkedAtTarget, new ConflictDetail
            {
                UnitId = posting.UnitId, Post = posting.Post, From = posting.From.ToString("yyyy-MM-dd"),
                To = posting.To?.ToString("yyyy-MM-dd"), Years = Set.WorkedWithinYears,
            }));
        }
        foreach (var relative in inspector.Relatives.Where(r => Set.RelativeKinds.Contains(r.Kind) && target.Includes(directory, r.UnitId)))
        {
            conflicts.Add(new RecusalConflict(inspector.Id, inspector.Name, RecusalRules.RelativeAtTarget, new ConflictDetail
            {
                UnitId = relative.UnitId, Post = relative.Post, RelativeKind = relative.Kind,
            }));
        }
        if (Set.HomeDivisionTargetKinds.Contains(target.Kind) && directory.Covers(target.DivisionCode, inspector.HomeDivisionCode))
        {
            conflicts.Add(new RecusalConflict(inspector.Id, inspector.Name, RecusalRules.HomeDivision, new ConflictDetail
            {
                DivisionCode = inspector.HomeDivisionCode,
            }));
        }
        if (Set.OpenCaseSubject && openCaseSubject)
        {
            conflicts.Add(new RecusalConflict(inspector.Id, inspector.Name, RecusalRules.OpenCaseSubject, new ConflictDetail()));
        }
        return conflicts;
    }
}
