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
/// Openness in cadre selection for staff: oversight officers (the organization department's cadre-supervision staff)
/// publish vacancies, complete the stages of their selections and open the pre-appointment publicity, then appoint or
/// withdraw; auditors read. Each vacancy and publicity lies in its unit's division.
/// </summary>
[Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor)]
public sealed class SelectionService(
    NpgsqlDataSource dataSource,
    CompetitiveSelection selection,
    AppointmentPublicity publicity,
    OpennessReading reading,
    CityDirectory directory,
    ILogger<SelectionService> logger) : Selection.SelectionBase
{
    public const int PostLength = 100;
    public const int DescriptionLength = 2000;
    public const int CommunityLength = 100;
    public const int ReasonLength = 500;
    public const int MostPosts = 20;
    public const int MostCandidates = 200;

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<Vacancy> PublishVacancy(PublishVacancyRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        Text("post", request.Post, PostLength, required: true, violations);
        if (request.Posts is < 1 or > MostPosts) violations.Add("posts", ReportingTexts.Words["field.vacancy.posts", MostPosts]);
        Text("requirements", request.Requirements, DescriptionLength, required: true, violations);
        Text("method", request.Method, DescriptionLength, required: true, violations);
        Text("procedure", request.Procedure, DescriptionLength, required: true, violations);
        Key(request.IdempotencyKey, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit!.DivisionCode);

        var plan = new VacancyPlan(unit.Id, unit.DivisionCode, request.Post.Trim(), request.Posts, request.Requirements.Trim(), request.Method.Trim(),
            request.Procedure.Trim());
        var row = await dataSource.InTransactionAsync(t => selection.PublishAsync(t, plan, caller.Subject, request.IdempotencyKey, Hash(request),
            context.CancellationToken), context.CancellationToken) ?? throw KeyReused("reused.vacancy");
        logger.LogInformation("Vacancy {VacancyId} published in {Division} by {Caller}", row.VacancyId, row.DivisionCode, caller.Subject);
        return reading.Read(row, [], staff: true);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<Vacancy> AdvanceSelection(AdvanceSelectionRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("vacancy_id", request.VacancyId, violations);
        var stage = OpennessReading.StageOf(request.Stage);
        if (stage is null)
        {
            violations.Add("stage", PlatformTexts.Words["field.one-of", string.Join(", ", OpennessReading.StagesToComplete.Select(ApiName))]);
        }
        Candidates(request, violations);
        violations.ThrowIfAny();

        var (row, stages) = await dataSource.InTransactionAsync(async t =>
        {
            var found = await VacancyStore.FindAsync(t, id, forUpdate: false, context.CancellationToken) ?? throw NotFound("vacancy.not-found", request.VacancyId);
            directory.RequireJurisdiction(caller, found.DivisionCode);
            var moved = (await selection.AdvanceAsync(t, id, stage!, request.CandidateCadreIds, caller.Subject, context.CancellationToken))!;
            return (moved, await VacancyStore.StagesAsync(t, [id], context.CancellationToken));
        }, context.CancellationToken);
        logger.LogInformation("Selection {VacancyId}: {Stage} completed with {Candidates} candidates by {Caller}", id, stage,
            request.CandidateCadreIds.Count, caller.Subject);
        return reading.Read(row, stages, staff: true);
    }

    public override async Task<Vacancy> GetVacancy(GetVacancyRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("vacancy_id", request.VacancyId, violations);
        violations.ThrowIfAny();
        var (row, stages) = await dataSource.InTransactionAsync(async t =>
            (await VacancyStore.FindAsync(t, id, forUpdate: false, context.CancellationToken), await VacancyStore.StagesAsync(t, [id], context.CancellationToken)),
            context.CancellationToken);
        if (row is null) throw NotFound("vacancy.not-found", request.VacancyId);
        directory.RequireJurisdiction(caller, row.DivisionCode);
        return reading.Read(row, stages, staff: true);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<Publicity> OpenPublicity(OpenPublicityRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var cadre = directory.FindCadre(request.CadreId);
        if (cadre is null) violations.Add("cadre_id", PlatformTexts.Words["field.unknown-cadre", request.CadreId]);
        Text("proposed_post", request.ProposedPost, PostLength, required: true, violations);
        Text("basic_facts", request.BasicFacts, DescriptionLength, required: true, violations);
        Text("conduct_record", request.ConductRecord, DescriptionLength, required: true, violations);
        Text("residential_community", request.ResidentialCommunity, CommunityLength, required: true, violations);
        Guid? vacancyId = request.VacancyId.Length == 0 ? null : Id("vacancy_id", request.VacancyId, violations);
        Key(request.IdempotencyKey, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, cadre!.DivisionCode);

        var plan = new PublicityPlan(cadre.Id, cadre.UnitId, cadre.DivisionCode, request.ProposedPost.Trim(), request.BasicFacts.Trim(),
            request.ConductRecord.Trim(), request.ResidentialCommunity.Trim(), vacancyId);
        var (row, holds) = await dataSource.InTransactionAsync(async t =>
        {
            var opened = await publicity.OpenAsync(t, plan, caller.Subject, request.IdempotencyKey, Hash(request), context.CancellationToken)
                         ?? throw KeyReused("reused.publicity");
            return (opened, await publicity.HoldsAsync(t, opened, context.CancellationToken));
        }, context.CancellationToken);
        logger.LogInformation("Publicity {PublicityId} opened in {Division} by {Caller}, window until {WindowEndsAt:o}", row.PublicityId, row.DivisionCode,
            caller.Subject, row.WindowEndsAt);
        return reading.Read(row, holds, staff: true);
    }

    public override async Task<Publicity> GetPublicity(GetPublicityRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("publicity_id", request.PublicityId, violations);
        violations.ThrowIfAny();
        var (row, holds) = await dataSource.InTransactionAsync(async t =>
        {
            var found = await FindPublicityAsync(t, id, caller, context.CancellationToken);
            return (found, await publicity.HoldsAsync(t, found, context.CancellationToken));
        }, context.CancellationToken);
        return reading.Read(row, holds, staff: true);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<Publicity> DecideAppointment(DecideAppointmentRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var id = Id("publicity_id", request.PublicityId, violations);
        var decision = OneOf("decision", request.Decision, violations,
            (AppointmentDecision.Appoint, AppointmentPublicity.Appointed), (AppointmentDecision.Withdraw, AppointmentPublicity.Withdrawn));
        if (decision == AppointmentPublicity.Withdrawn)
        {
            Text("reason", request.Reason, ReasonLength, required: true, violations);
        }
        else if (decision == AppointmentPublicity.Appointed && request.Reason.Length > 0)
        {
            violations.Add("reason", ReportingTexts.Words["field.publicity.reason-withdraw-only"]);
        }
        violations.ThrowIfAny();

        var (row, holds) = await dataSource.InTransactionAsync(async t =>
        {
            await FindPublicityAsync(t, id, caller, context.CancellationToken);
            var decided = (await publicity.DecideAsync(t, id, decision == AppointmentPublicity.Appointed, Blank(request.Reason.Trim()), caller.Subject,
                context.CancellationToken))!;
            return (decided, await publicity.HoldsAsync(t, decided, context.CancellationToken));
        }, context.CancellationToken);
        logger.LogInformation("Publicity {PublicityId}: {Decision} by {Caller}", id, decision, caller.Subject);
        return reading.Read(row, holds, staff: true);
    }

    /// <summary>Distinct cadres of the directory, at most <see cref="MostCandidates"/>.</summary>
    private void Candidates(AdvanceSelectionRequest request, FieldViolations violations)
    {
        if (request.CandidateCadreIds.Count > MostCandidates)
        {
            violations.Add("candidate_cadre_ids", ReportingTexts.Words["field.selection.most-candidates", MostCandidates]);
            return;
        }
        var seen = new HashSet<string>();
        for (var i = 0; i < request.CandidateCadreIds.Count; i++)
        {
            var candidate = request.CandidateCadreIds[i];
            if (!seen.Add(candidate))
            {
                violations.Add($"candidate_cadre_ids[{i}]", ReportingTexts.Words["field.selection.distinct"]);
            }
            else if (directory.FindCadre(candidate) is null)
            {
                violations.Add($"candidate_cadre_ids[{i}]", PlatformTexts.Words["field.unknown-cadre", candidate]);
            }
        }
    }

    /// <summary>The publicity, if the caller's jurisdiction covers it.</summary>
    private async Task<PublicityRow> FindPublicityAsync(NpgsqlTransaction transaction, Guid id, StaffCaller caller, CancellationToken ct)
    {
        var found = await PublicityStore.FindAsync(transaction, id, forUpdate: false, ct) ?? throw NotFound("publicity.not-found", id.ToString());
        directory.RequireJurisdiction(caller, found.DivisionCode);
        return found;
    }

    private static byte[] Hash<TRequest>(TRequest request) where TRequest : IMessage<TRequest>
    {
        var unkeyed = request.Clone();
        unkeyed.Descriptor.FindFieldByName("idempotency_key").Accessor.SetValue(unkeyed, "");
        return SHA256.HashData(unkeyed.ToByteArray());
    }

    private static RpcException NotFound(string key, string id) => new(new Status(StatusCode.NotFound, ReportingTexts.Words[key, id]));
}
