using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using static Supervision.Reporting.Grpc.RequestChecks;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// Public commitments (承诺践诺) and codes of conduct (日常行为规范): oversight officers publish a unit head's commitments, record
/// once whether each was kept, and publish the unit's code; the unit's division must lie in their jurisdiction.
/// </summary>
[Authorize(Roles = Roles.OversightOfficer)]
public sealed class CommitmentsService(
    NpgsqlDataSource dataSource,
    PublicCommitments commitments,
    OpennessReading reading,
    CityDirectory directory,
    ILogger<CommitmentsService> logger) : V1.Commitments.CommitmentsBase
{
    public const int CommitmentLength = 1000;
    public const int CodeLength = 5000;

    public override async Task<Commitment> PublishCommitment(PublishCommitmentRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        var cadre = directory.FindCadre(request.CadreId);
        if (cadre is null) violations.Add("cadre_id", PlatformTexts.Words["field.unknown-cadre", request.CadreId]);
        else if (unit is not null && cadre.UnitId != unit.Id) violations.Add("cadre_id", ReportingTexts.Words["field.commitment.of-the-unit"]);
        Text("commitment", request.Commitment, CommitmentLength, required: true, violations);
        DateOnly dueBy = default;
        if (!DateOnly.TryParseExact(request.DueBy, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dueBy))
        {
            violations.Add("due_by", ReportingTexts.Words["field.date.format"]);
        }
        else if (dueBy < commitments.Today)
        {
            violations.Add("due_by", ReportingTexts.Words["field.date.not-past"]);
        }
        Key(request.IdempotencyKey, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit!.DivisionCode);

        var unkeyed = request.Clone();
        unkeyed.IdempotencyKey = "";
        var plan = new CommitmentPlan(unit.Id, unit.DivisionCode, cadre!.Id, request.Commitment.Trim(), dueBy);
        var row = await dataSource.InTransactionAsync(t => commitments.PublishAsync(t, plan, caller.Subject, request.IdempotencyKey,
            SHA256.HashData(unkeyed.ToByteArray()), context.CancellationToken), context.CancellationToken) ?? throw KeyReused("reused.commitment");
        logger.LogInformation("Commitment {CommitmentId} of {Unit} published by {Caller}", row.CommitmentId, row.UnitId, caller.Subject);
        return reading.Read(row);
    }

    public override async Task<Commitment> AssessCommitment(AssessCommitmentRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("commitment_id", request.CommitmentId, violations);
        var status = OneOf("status", request.Status, violations,
            (CommitmentStatus.Kept, PublicCommitments.Kept), (CommitmentStatus.NotKept, PublicCommitments.NotKept));
        Text("assessment", request.Assessment, CommitmentLength, required: true, violations);
        violations.ThrowIfAny();

        var row = await dataSource.InTransactionAsync(async t =>
        {
            var found = await CommitmentStore.FindAsync(t, id, forUpdate: false, context.CancellationToken)
                        ?? throw new RpcException(new Status(StatusCode.NotFound, ReportingTexts.Words["commitment.not-found", request.CommitmentId]));
            directory.RequireJurisdiction(caller, found.DivisionCode);
            return (await commitments.AssessAsync(t, id, status == PublicCommitments.Kept, request.Assessment.Trim(), caller.Subject,
                context.CancellationToken))!;
        }, context.CancellationToken);
        logger.LogInformation("Commitment {CommitmentId} assessed as {Status} by {Caller}", id, status, caller.Subject);
        return reading.Read(row);
    }

    public override async Task<CodeOfConduct> PublishCodeOfConduct(PublishCodeOfConductRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        Text("text", request.Text, CodeLength, required: true, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit!.DivisionCode);
        var code = await dataSource.InTransactionAsync(t => commitments.PublishCodeAsync(t, unit.Id, unit.DivisionCode, request.Text.Trim(), caller.Subject,
            context.CancellationToken), context.CancellationToken);
        logger.LogInformation("Code of conduct of {Unit} version {Version} published by {Caller}", unit.Id, code.Version, caller.Subject);
        return reading.Read(code);
    }
}
