using Supervision.Evaluation.Data;

namespace Supervision.Evaluation.Domain.Visits;

/// <summary>A visit plan with its units, visiting members and records, as staff read it.</summary>
public sealed record VisitPlanView(VisitPlanRecord Plan, IReadOnlyList<VisitTargetRecord> Targets, IReadOnlyList<VisitMemberRecord> Members,
    IReadOnlyList<VisitRecordRow> Records)
{
    public bool Done => Plan.Status == VisitPlans.Done;

    /// <summary>
    /// What a visited unit may read of the plan: nothing of a secret visit before it is done, nothing of another unit's part,
    /// and never who visited (an evaluated unit never learns which members visited it). Null: the unit may not read it.
    /// </summary>
    public VisitPlanView? ForVisitedUnit(string unitId)
    {
        if (Targets.All(t => t.UnitId != unitId) || (Plan.Secret && !Done))
        {
            return null;
        }
        return new VisitPlanView(Plan, Targets.Where(t => t.UnitId == unitId).ToList(), [],
            Records.Where(r => r.UnitId == unitId).Select(r => r with { MemberId = Guid.Empty, PanelNumber = 0 }).ToList());
    }
}
