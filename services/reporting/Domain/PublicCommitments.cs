using Npgsql;
using Supervision.Contracts.Events.Reporting;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Reporting.Domain;

/// <summary>A commitment to publish, as checked at the edge: the unit, its head, what they commit to, by when.</summary>
public sealed record CommitmentPlan(string UnitId, string DivisionCode, string CadreId, string Commitment, DateOnly DueBy);

/// <summary>
/// Units publish their heads' public commitments and, once, whether each was kept (承诺践诺); and a code of conduct
/// (日常行为规范) that gives the public the yardstick to evaluate them by. Each publication is an event.
/// </summary>
public sealed class PublicCommitments(DispatchSchedule schedule, Outbox outbox, TimeProvider time)
{
    public const string Pending = "pending";
    public const string Kept = "kept";
    public const string NotKept = "not-kept";

    /// <summary>The local day now: a commitment falls due at the earliest today.</summary>
    public DateOnly Today => schedule.LocalDate(time.GetUtcNow());

    /// <summary>Publishes the commitment once per idempotency key; null when the key was used for a different request.</summary>
    public async Task<CommitmentRow?> PublishAsync(NpgsqlTransaction transaction, CommitmentPlan plan, string publishedBy, string idempotencyKey,
        byte[] requestHash, CancellationToken ct)
    {
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        var row = new CommitmentRow(Guid.CreateVersion7(), plan.UnitId, plan.DivisionCode, plan.CadreId, plan.Commitment, plan.DueBy.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            publishedBy, now, Pending, null, null, null);
        if (await CommitmentStore.AddAsync(transaction, row, idempotencyKey, requestHash, ct))
        {
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new CommitmentPublished
            {
                CommitmentId = row.CommitmentId, UnitId = row.UnitId, CadreId = row.CadreId, DueBy = plan.DueBy, At = now,
            }, ct);
            return row;
        }
        return await CommitmentStore.ReplayAsync(transaction, idempotencyKey, requestHash, ct);
    }

    /// <summary>Records whether the commitment was kept, once (the row is locked). Null when there is no such commitment.</summary>
    public async Task<CommitmentRow?> AssessAsync(NpgsqlTransaction transaction, Guid commitmentId, bool kept, string assessment, string assessedBy,
        CancellationToken ct)
    {
        var row = await CommitmentStore.FindAsync(transaction, commitmentId, forUpdate: true, ct);
        if (row is null)
        {
            return null;
        }
        if (row.Status != Pending)
        {
            throw ReportingTexts.Words.Refusal("commitment.assessed", ReportingTexts.Words.Word("commitment.status." + row.Status),
                schedule.LocalTime(AppointmentPublicity.Utc(row.AssessedAt!.Value)));
        }
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        var status = kept ? Kept : NotKept;
        await CommitmentStore.AssessAsync(transaction, commitmentId, status, assessment, assessedBy, now, ct);
        await outbox.EnqueueAsync(transaction.Connection!, transaction,
            new CommitmentAssessed { CommitmentId = commitmentId, UnitId = row.UnitId, CadreId = row.CadreId, Kept = kept, At = now }, ct);
        return row with { Status = status, Assessment = assessment, AssessedBy = assessedBy, AssessedAt = now };
    }

    /// <summary>Publishes the next version of a unit's code of conduct.</summary>
    public async Task<CodeOfConductRow> PublishCodeAsync(NpgsqlTransaction transaction, string unitId, string divisionCode, string text, string publishedBy,
        CancellationToken ct)
    {
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        var code = await CommitmentStore.AddCodeAsync(transaction, unitId, divisionCode, text, publishedBy, now, ct);
        await outbox.EnqueueAsync(transaction.Connection!, transaction, new CodeOfConductPublished { UnitId = unitId, Version = code.Version, At = now }, ct);
        return code;
    }
}
