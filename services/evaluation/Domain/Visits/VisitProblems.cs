using Npgsql;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.Referrals;
using Supervision.Intake.V1;
using Supervision.Reference;

namespace Supervision.Evaluation.Domain.Visits;

/// <summary>
/// A problem found on a visit becomes a report in intake, linked back to the visit's record. The problem is kept first, then
/// sent under its own idempotency key, then marked with the report: asking again for the same problem returns it once
/// referred, and after a failure between the steps sends it again, and intake answers the same report.
/// </summary>
public sealed class VisitProblems(NpgsqlDataSource dataSource, IntakeReferrals intake, EvaluationSealer sealer, CityDirectory directory,
    TimeProvider time)
{
    public async Task<VisitProblemRecord> ReferAsync(Guid planId, Guid recordId, string category, string account, string? cadreId,
        string referredBy, CancellationToken ct)
    {
        VisitProblemRecord problem;
        DateTime visitedAt;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            _ = await VisitStore.FindPlanAsync(transaction, planId, false, ct)
                ?? throw new RecordNotFoundException(EvaluationTexts.Words["visit.not-found"]);
            var record = (await VisitStore.RecordsAsync(transaction, planId, ct)).FirstOrDefault(r => r.Id == recordId)
                         ?? throw new DomainRuleException(EvaluationTexts.Words["visit.record-not-on-plan"]);
            if (cadreId is not null && directory.FindCadre(cadreId)?.UnitId != record.UnitId)
            {
                throw new DomainRuleException(EvaluationTexts.Words["visit.cadre-not-of-unit", cadreId, record.UnitId]);
            }
            visitedAt = record.VisitedAt;
            var same = await VisitProblemStore.FindSameAsync(transaction, recordId, category, account, cadreId, ct);
            if (same is { ReportId: not null })
            {
                return same;
            }
            problem = same ?? new VisitProblemRecord
            {
                Id = Guid.CreateVersion7(), PlanId = planId, RecordId = recordId, UnitId = record.UnitId, Category = category, Account = account,
                CadreId = cadreId, Status = "referring", CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            if (same is null)
            {
                await VisitProblemStore.InsertAsync(transaction, problem, referredBy, ct);
            }
            await transaction.CommitAsync(ct);
        }
        var unit = directory.FindUnit(problem.UnitId)!;
        var report = await intake.SubmitAsync(new ProblemReferral(Channel.CitizenSupervisorReferral,
            "evaluation-visit-problem-" + problem.Id.ToString("N"), problem.UnitId, cadreId, ReceivingDivision(unit.DivisionCode),
            category, account, new DateTimeOffset(DateTime.SpecifyKind(visitedAt, DateTimeKind.Utc))), ct);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await VisitProblemStore.MarkReferredAsync(transaction, problem.Id, report.ReportId, report.TrackingNumber,
                sealer.SealReceipt(report.ReceiptCode, problem.Id), time.GetUtcNow(), ct);
            var referred = (await VisitProblemStore.FindAsync(transaction, problem.Id, ct))!;
            await transaction.CommitAsync(ct);
            return referred;
        }
    }

    public async Task<IReadOnlyList<(VisitProblemRecord Problem, ReferralProgressRecord? Progress)>> ForPlanAsync(Guid planId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await WithProgressAsync(transaction, await VisitProblemStore.ForPlanAsync(transaction, planId, ct), ct);
    }

    /// <summary>Referred problems at the units of <paramref name="divisions"/> (null: the whole city), newest first, with what became of each.</summary>
    public async Task<IReadOnlyList<(VisitProblemRecord Problem, ReferralProgressRecord? Progress)>> ReferredAsync(IReadOnlyList<string>? divisions,
        (DateTime At, Guid Id)? before, int size, CancellationToken ct)
    {
        var units = divisions is null ? null : directory.Units.Where(u => divisions.Contains(u.DivisionCode)).Select(u => u.Id).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await WithProgressAsync(transaction, await VisitProblemStore.ListReferredAsync(transaction, units, before, size, ct), ct);
    }

    private static async Task<IReadOnlyList<(VisitProblemRecord, ReferralProgressRecord?)>> WithProgressAsync(NpgsqlTransaction transaction,
        IReadOnlyList<VisitProblemRecord> problems, CancellationToken ct)
    {
        var progress = await ReferralProgressStore.ForReportsAsync(transaction, problems.Select(p => p.ReportId).OfType<Guid>(), ct);
        return problems.Select(p => (p, p.ReportId is { } id ? progress.GetValueOrDefault(id) : null)).ToList();
    }

    /// <summary>The intake centre that receives it: the unit's county's, or the city's for a city unit.</summary>
    private string ReceivingDivision(string divisionCode) => PanelComposition.CountyOf(directory, divisionCode);
}
