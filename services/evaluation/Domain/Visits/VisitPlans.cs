using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Evaluation.Domain.Visits;

/// <summary>A plan as an officer asks for it: already well formed (the gRPC edge checked every field).</summary>
public sealed record VisitPlanDraft(string Title, bool Secret, IReadOnlyList<VisitTargetRecord> Targets, DateOnly StartsOn, DateOnly EndsOn,
    IReadOnlyList<Guid> MemberIds);

/// <summary>What one member found, as an officer enters it.</summary>
public sealed record VisitFinding(Guid MemberId, string UnitId, string WindowId, DateTimeOffset VisitedAt, string Observations, double Score,
    IReadOnlyList<string> EvidenceNotes);

/// <summary>
/// Visits and secret visits (暗访) by panel members. A plan names its units and windows, a date window and serving members
/// with no conflict at a visited unit (they work there or have a relative there); members of the plan record what they found
/// within the window; completing the plan publishes each unit's mean score and opens a secret plan to the visited units.
/// </summary>
public sealed class VisitPlans(NpgsqlDataSource dataSource, Outbox outbox, TimeProvider time)
{
    public const string Planned = "planned";
    public const string Done = "done";

    public async Task<VisitPlanView> PlanAsync(VisitPlanDraft draft, string plannedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var members = new List<VisitMemberRecord>();
        foreach (var memberId in draft.MemberIds)
        {
            var member = await PanelStore.FindMemberAsync(transaction, memberId, false, ct)
                         ?? throw new RecordNotFoundException(EvaluationTexts.Words["member.not-found"]);
            if (member.Status != MemberStatuses.Serving || member.TermEndsAt <= now.UtcDateTime)
            {
                throw new DomainRuleException(EvaluationTexts.Words["visit.member-not-serving", member.PanelNumber]);
            }
            if (draft.Targets.FirstOrDefault(t => t.UnitId == member.EmployerUnitId || member.RelativeUnitIds.Contains(t.UnitId)) is { } conflicted)
            {
                throw new DomainRuleException(EvaluationTexts.Words["visit.member-conflicted", member.PanelNumber, conflicted.UnitId]);
            }
            members.Add(new VisitMemberRecord(member.Id, member.PanelNumber));
        }
        var plan = new VisitPlanRecord
        {
            Id = Guid.CreateVersion7(), Title = draft.Title, Secret = draft.Secret, StartsOn = draft.StartsOn, EndsOn = draft.EndsOn,
            Status = Planned, PlannedAt = now.UtcDateTime,
        };
        await VisitStore.InsertPlanAsync(transaction, plan, draft.Targets, members, plannedBy, ct);
        await transaction.CommitAsync(ct);
        return new VisitPlanView(plan, draft.Targets, members.OrderBy(m => m.PanelNumber).ToList(), []);
    }

    public async Task<VisitPlanView?> FindAsync(Guid planId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var plan = await VisitStore.FindPlanAsync(transaction, planId, false, ct);
        return plan is null ? null : await ViewAsync(transaction, plan, ct);
    }

    /// <summary>Plans newest first; <paramref name="visitedUnitReader"/> leaves out secret plans not yet done.</summary>
    public async Task<IReadOnlyList<VisitPlanView>> ListAsync(string? unitId, IReadOnlyList<string>? divisions, bool visitedUnitReader,
        (DateTime At, Guid Id)? before, int size, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var views = new List<VisitPlanView>();
        foreach (var plan in await VisitStore.ListPlansAsync(transaction, unitId, divisions, visitedUnitReader, before, size, ct))
        {
            views.Add(await ViewAsync(transaction, plan, ct));
        }
        return views;
    }

    /// <summary>A member of the plan records a visit to one of its units or windows, within its date window, while it is not done.</summary>
    public async Task<VisitRecordRow> RecordAsync(Guid planId, VisitFinding finding, string recordedBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var plan = await OpenPlanAsync(transaction, planId, ct);
        var member = (await VisitStore.MembersAsync(transaction, planId, ct)).FirstOrDefault(m => m.MemberId == finding.MemberId)
                     ?? throw new DomainRuleException(EvaluationTexts.Words["visit.member-not-on-plan"]);
        var targets = await VisitStore.TargetsAsync(transaction, planId, ct);
        if (!targets.Any(t => t.UnitId == finding.UnitId && t.WindowId == finding.WindowId))
        {
            throw new DomainRuleException(EvaluationTexts.Words["visit.not-a-target", finding.WindowId.Length > 0 ? finding.WindowId : finding.UnitId]);
        }
        var day = VisitRules.CityDate(finding.VisitedAt);
        if (day < plan.StartsOn || day > plan.EndsOn)
        {
            throw new DomainRuleException(EvaluationTexts.Words["visit.outside-window", IsoDate(day), IsoDate(plan.StartsOn), IsoDate(plan.EndsOn)]);
        }
        var record = new VisitRecordRow
        {
            Id = Guid.CreateVersion7(), MemberId = member.MemberId, PanelNumber = member.PanelNumber, UnitId = finding.UnitId,
            WindowId = finding.WindowId, VisitedAt = finding.VisitedAt.UtcDateTime, Observations = finding.Observations, Score = finding.Score,
            EvidenceNotes = finding.EvidenceNotes.ToArray(),
        };
        await VisitStore.InsertRecordAsync(transaction, planId, record, time.GetUtcNow(), recordedBy, ct);
        await transaction.CommitAsync(ct);
        return record;
    }

    /// <summary>The visit is done, once, with at least one record: each unit's mean score is published, never who visited.</summary>
    public async Task<VisitPlanView> CompleteAsync(Guid planId, string completedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var plan = await OpenPlanAsync(transaction, planId, ct);
        var records = await VisitStore.RecordsAsync(transaction, planId, ct);
        if (records.Count == 0)
        {
            throw new DomainRuleException(EvaluationTexts.Words["visit.no-records"]);
        }
        await VisitStore.CompletePlanAsync(transaction, planId, now, completedBy, ct);
        await outbox.EnqueueAsync(connection, transaction, new VisitCompleted
        {
            PlanId = planId,
            Secret = plan.Secret,
            Units = records.GroupBy(r => r.UnitId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new VisitedUnitScore
            {
                UnitId = g.Key, Records = g.Count(), MeanScore = Math.Round(g.Average(r => r.Score), 2),
            }).ToList(),
            CompletedAt = now,
        }, ct);
        var done = await ViewAsync(transaction, (await VisitStore.FindPlanAsync(transaction, planId, false, ct))!, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return done;
    }

    private static async Task<VisitPlanView> ViewAsync(NpgsqlTransaction transaction, VisitPlanRecord plan, CancellationToken ct) =>
        new(plan, await VisitStore.TargetsAsync(transaction, plan.Id, ct), await VisitStore.MembersAsync(transaction, plan.Id, ct),
            await VisitStore.RecordsAsync(transaction, plan.Id, ct));

    private static async Task<VisitPlanRecord> OpenPlanAsync(NpgsqlTransaction transaction, Guid planId, CancellationToken ct)
    {
        var plan = await VisitStore.FindPlanAsync(transaction, planId, forUpdate: true, ct)
                   ?? throw new RecordNotFoundException(EvaluationTexts.Words["visit.not-found"]);
        return plan.Status == Planned ? plan : throw new DomainRuleException(EvaluationTexts.Words["visit.already-done"]);
    }

    private static string IsoDate(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
