using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Evaluation.Domain;

/// <summary>Applications in, vetted into appointments (within the quota) or rejections with a reason.</summary>
public sealed class PanelRecruitment(NpgsqlDataSource dataSource, PanelRules rules, Eligibility eligibility, EvaluationSealer sealer,
    Outbox outbox, TimeProvider time)
{
    public async Task<ApplicationRecord> SubmitAsync(Applicant applicant, string submittedBy, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PanelStore.InsertApplicationAsync(transaction, id, applicant, sealer.Seal(applicant.Contact, id),
            eligibility.RulesBrokenBy(applicant, DateOnly.FromDateTime(now.UtcDateTime)), now, submittedBy, ct);
        var application = (await PanelStore.FindApplicationAsync(transaction, id, false, ct))!;
        await transaction.CommitAsync(ct);
        return application;
    }

    /// <summary>
    /// Appoints the applicant for a term when they are eligible and the quota holds after it; the term's end is a durable timer.
    /// </summary>
    public async Task<(ApplicationRecord Application, MemberRecord Member)> AppointAsync(Guid applicationId, string decidedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PanelStore.LockPanelAsync(transaction, ct);
        var application = await PendingAsync(transaction, applicationId, ct);
        if (application.IneligibleBecause.Length > 0)
        {
            throw new DomainRuleException(EvaluationTexts.Words["application.not-eligible",
                string.Join(EvaluationTexts.Words["list.separator"], application.IneligibleBecause.Select(eligibility.Describe))]);
        }
        var (grassroots, serving) = await PanelStore.ServingCountsAsync(transaction, now, ct);
        PanelQuota.RequireRoomFor(application.Sector, rules, grassroots, serving);

        // The member keeps the application's sealed contact, sealed again to the member's own id.
        var memberId = Guid.CreateVersion7();
        var contact = sealer.Open((await PanelStore.SealedApplicationContactAsync(transaction, applicationId, ct))!, applicationId);
        var member = new NewMember
        {
            Id = memberId,
            PanelNumber = await PanelStore.NextPanelNumberAsync(transaction, ct),
            ApplicationId = applicationId,
            Name = application.Name,
            Gender = application.Gender,
            BirthDate = application.BirthDate,
            Sector = application.Sector,
            Grassroots = rules.IsGrassroots(application.Sector),
            DivisionCode = application.DivisionCode,
            Nomination = application.Nomination,
            RecommendingBody = application.RecommendingBody,
            EmployerUnitId = application.EmployerUnitId,
            RelativeUnitIds = application.RelativeUnitIds,
            SealedContact = sealer.Seal(contact, memberId),
            AppointedAt = now.UtcDateTime,
            TermEndsAt = now.AddYears(rules.TermYears).UtcDateTime,
        };
        await StartTermAsync(transaction, member, decidedBy, ct);
        await PanelStore.DecideApplicationAsync(transaction, applicationId, "appointed", null, memberId, now, decidedBy, ct);
        var decided = (await PanelStore.FindApplicationAsync(transaction, applicationId, false, ct))!;
        var appointed = (await PanelStore.FindMemberAsync(transaction, memberId, false, ct))!;
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return (decided, appointed);
    }

    public async Task<ApplicationRecord> RejectAsync(Guid applicationId, string reason, string decidedBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PendingAsync(transaction, applicationId, ct);
        await PanelStore.DecideApplicationAsync(transaction, applicationId, "rejected", reason, null, time.GetUtcNow(), decidedBy, ct);
        var decided = (await PanelStore.FindApplicationAsync(transaction, applicationId, false, ct))!;
        await transaction.CommitAsync(ct);
        return decided;
    }

    /// <summary>Inserts a serving member, records the appointment, schedules the term's end and publishes it, in the caller's transaction.</summary>
    internal async Task StartTermAsync(NpgsqlTransaction transaction, NewMember member, string recordedBy, CancellationToken ct)
    {
        await PanelStore.InsertMemberAsync(transaction, member, ct);
        var appointedAt = new DateTimeOffset(member.AppointedAt, TimeSpan.Zero);
        var termEndsAt = new DateTimeOffset(member.TermEndsAt, TimeSpan.Zero);
        await PanelStore.AddHistoryAsync(transaction, member.Id, "appointed", appointedAt, recordedBy, null, termEndsAt, ct);
        await DurableTimers.ScheduleAsync(transaction, PanelTerms.TermEndTimer, member.Id.ToString(), termEndsAt, ct: ct);
        await outbox.EnqueueAsync(transaction.Connection!, transaction, new MemberAppointed
        {
            MemberId = member.Id,
            PanelNumber = member.PanelNumber,
            Sector = member.Sector,
            Grassroots = member.Grassroots,
            DivisionCode = member.DivisionCode,
            AppointedAt = appointedAt,
            TermEndsAt = termEndsAt,
        }, ct);
    }

    private static async Task<ApplicationRecord> PendingAsync(NpgsqlTransaction transaction, Guid applicationId, CancellationToken ct)
    {
        var application = await PanelStore.FindApplicationAsync(transaction, applicationId, forUpdate: true, ct)
                          ?? throw new RecordNotFoundException(EvaluationTexts.Words["application.not-found"]);
        return application.Status == "pending"
            ? application
            : throw new DomainRuleException(EvaluationTexts.Words["application.already-decided", application.Status]);
    }
}
