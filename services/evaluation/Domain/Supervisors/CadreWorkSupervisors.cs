using Npgsql;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.Referrals;
using Supervision.Intake.V1;
using Supervision.Reference;

namespace Supervision.Evaluation.Domain.Supervisors;

/// <summary>
/// The cadre work supervisors (干部工作监督员): appointed from grassroots deputies, each watching an area. A supervisor logs
/// observations of units and cadres of that area only, and refers a problem of an observation into intake on the
/// work-supervisor channel. The referral is kept first, then sent under its own idempotency key, then marked with the
/// report, as a visit's problem is; intake learns neither who referred it nor anything about them.
/// </summary>
public sealed class CadreWorkSupervisors(NpgsqlDataSource dataSource, EvaluationSealer sealer, IntakeReferrals intake, CityDirectory directory,
    TimeProvider time)
{
    public async Task<WorkSupervisorRecord> AppointAsync(WorkSupervisorAppointment appointment, string appointedBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = Guid.CreateVersion7();
        var supervisor = Record(id, await WorkSupervisorStore.NextNumberAsync(transaction, ct), appointment,
            sealer.SealSupervisorContact(appointment.Contact, id), time.GetUtcNow().UtcDateTime, demo: false);
        await WorkSupervisorStore.InsertAsync(transaction, supervisor, appointedBy, ct);
        await transaction.CommitAsync(ct);
        return supervisor;
    }

    /// <summary>The stored form of an appointment: the area's divisions computed, the contact sealed.</summary>
    public WorkSupervisorRecord Record(Guid id, int number, WorkSupervisorAppointment appointment, byte[] sealedContact, DateTime appointedAt,
        bool demo) => new()
    {
        Id = id, SupervisorNumber = number, Name = appointment.Name, Gender = appointment.Gender, DeputyKind = appointment.DeputyKind,
        DeputyBody = appointment.DeputyBody, AreaDivisionCode = appointment.Area.DivisionCode, AreaUnitIds = [.. appointment.Area.UnitIds],
        AreaDivisions = [.. appointment.Area.Divisions(directory)], SealedContact = sealedContact, AppointedAt = appointedAt, Demo = demo,
    };

    public async Task<WorkSupervisorRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await WorkSupervisorStore.FindAsync(transaction, id, ct);
    }

    public async Task<IReadOnlyList<WorkSupervisorRecord>> ListAsync(IReadOnlyList<string>? divisions, (DateTime At, Guid Id)? before, int size,
        CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await WorkSupervisorStore.ListAsync(transaction, divisions, before, size, ct);
    }

    /// <summary>What the supervisor saw; a unit outside their area, or a cadre not of the unit, is refused.</summary>
    public async Task<SupervisorObservationRecord> LogObservationAsync(Guid supervisorId, DateOnly observedOn, string unitId, string? cadreId,
        string notes, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var supervisor = await WorkSupervisorStore.FindAsync(transaction, supervisorId, ct)
                         ?? throw new RecordNotFoundException(EvaluationTexts.Words["supervisor.not-found"]);
        var unit = directory.FindUnit(unitId)!;
        if (!AreaOf(supervisor).Contains(directory, unit))
        {
            throw new DomainRuleException(EvaluationTexts.Words["supervisor.outside-area", unit.Name, supervisor.SupervisorNumber]);
        }
        if (cadreId is not null && directory.FindCadre(cadreId)?.UnitId != unitId)
        {
            throw new DomainRuleException(EvaluationTexts.Words["visit.cadre-not-of-unit", cadreId, unitId]);
        }
        var observation = await WorkSupervisorStore.InsertObservationAsync(transaction, new SupervisorObservationRecord
        {
            Id = Guid.CreateVersion7(), SupervisorId = supervisorId, ObservedOn = observedOn, UnitId = unitId, CadreId = cadreId ?? "", Notes = notes,
            RecordedAt = time.GetUtcNow().UtcDateTime,
        }, ct);
        await transaction.CommitAsync(ct);
        return observation;
    }

    /// <summary>A problem of the supervisor's own observation becomes a report; another supervisor's observation is not found.</summary>
    public async Task<SupervisorReferralRecord> ReferAsync(Guid supervisorId, Guid observationId, string category, string account,
        CancellationToken ct)
    {
        SupervisorReferralRecord referral;
        SupervisorObservationRecord observation;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            observation = await WorkSupervisorStore.FindObservationAsync(transaction, observationId, ct) is { } found && found.SupervisorId == supervisorId
                ? found
                : throw new RecordNotFoundException(EvaluationTexts.Words["supervisor.observation-not-found"]);
            referral = await WorkSupervisorStore.InsertReferralAsync(transaction, new SupervisorReferralRecord
            {
                Id = Guid.CreateVersion7(), SupervisorId = supervisorId, ObservationId = observationId, UnitId = observation.UnitId,
                CadreId = observation.CadreId, Category = category, Account = account, CreatedAt = time.GetUtcNow().UtcDateTime,
            }, ct);
            await transaction.CommitAsync(ct);
        }
        if (referral.ReportId is not null)
        {
            return referral;
        }
        var unit = directory.FindUnit(referral.UnitId)!;
        var observedAt = new DateTimeOffset(observation.ObservedOn.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
        var report = await intake.SubmitAsync(new ProblemReferral(Channel.WorkSupervisorReferral,
            "evaluation-work-supervisor-referral-" + referral.Id.ToString("N"), referral.UnitId, referral.CadreId.Length > 0 ? referral.CadreId : null,
            PanelComposition.CountyOf(directory, unit.DivisionCode), category, account, Earlier(observedAt, time.GetUtcNow())), ct);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await WorkSupervisorStore.MarkReferredAsync(transaction, referral.Id, report.ReportId, report.TrackingNumber,
                sealer.SealReferralReceipt(report.ReceiptCode, referral.Id), time.GetUtcNow(), ct);
            var referred = (await WorkSupervisorStore.FindReferralAsync(transaction, referral.Id, ct))!;
            await transaction.CommitAsync(ct);
            return referred;
        }
    }

    /// <summary>The supervisor's referrals, newest first, each with what became of its report so far.</summary>
    public async Task<IReadOnlyList<(SupervisorReferralRecord Referral, ReferralProgressRecord? Progress)>> ReferralsOfAsync(Guid supervisorId,
        (DateTime At, Guid Id)? before, int size, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var referrals = await WorkSupervisorStore.ReferralsOfAsync(transaction, supervisorId, before, size, ct);
        var progress = await ReferralProgressStore.ForReportsAsync(transaction, referrals.Select(r => r.ReportId).OfType<Guid>(), ct);
        return referrals.Select(r => (r, r.ReportId is { } id ? progress.GetValueOrDefault(id) : null)).ToList();
    }

    public static WorkSupervisorArea AreaOf(WorkSupervisorRecord supervisor) => new(supervisor.AreaDivisionCode, supervisor.AreaUnitIds);

    /// <summary>Noon of the observed day in the city, or now when that is still ahead: intake refuses a future time.</summary>
    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
