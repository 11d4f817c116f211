using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.Openness;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Security;
using static Supervision.Reporting.Grpc.RequestChecks;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// PUBLIC, no token: vacancies and publicity notices, and objections during a publicity window. Nothing here names a
/// candidate, counts a report or keeps an objector: the objection goes to intake, which seals who sent it. Well-formed
/// calls count against per-address limits in Redis (the address believed from the trusted gateway only).
/// </summary>
[AllowAnonymous]
public sealed class PublicOpennessService(
    NpgsqlDataSource dataSource,
    AppointmentPublicity publicity,
    OpennessReading reading,
    IntakeObjections intake,
    CityDirectory directory,
    CallerRateLimiter rateLimiter,
    IOptions<OpennessOptions> options,
    ILogger<PublicOpennessService> logger) : PublicOpenness.PublicOpennessBase
{
    public const int AccountMinLength = 10;
    public const int AccountMaxLength = 4000;
    public const int NameLength = 50;
    public const int AddressLength = 200;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public override async Task<ListVacanciesResponse> ListVacancies(ListOpennessRequest request, ServerCallContext context)
    {
        var (divisions, before, size) = await ListingAsync(request, context);
        var (rows, stages) = await dataSource.InTransactionAsync(async t =>
        {
            var found = await VacancyStore.ListAsync(t, divisions, before, size + 1, context.CancellationToken);
            return (found, await VacancyStore.StagesAsync(t, found.Select(v => v.VacancyId).ToList(), context.CancellationToken));
        }, context.CancellationToken);
        var response = new ListVacanciesResponse();
        response.Vacancies.AddRange(rows.Take(size).Select(v => reading.Read(v, stages, staff: false)));
        if (rows.Count > size)
        {
            response.NextPageToken = PageToken.Encode(DateTime.SpecifyKind(rows[size - 1].PublishedAt, DateTimeKind.Utc), rows[size - 1].VacancyId);
        }
        return response;
    }

    public override async Task<ListPublicitiesResponse> ListPublicities(ListOpennessRequest request, ServerCallContext context)
    {
        var (divisions, before, size) = await ListingAsync(request, context);
        var rows = await dataSource.InTransactionAsync(t => PublicityStore.ListAsync(t, divisions, before, size + 1, context.CancellationToken),
            context.CancellationToken);
        var response = new ListPublicitiesResponse();
        response.Publicities.AddRange(rows.Take(size).Select(p => reading.Read(p, new PublicityHolds(!p.WindowClosed, 0, 0, 0), staff: false)));
        if (rows.Count > size)
        {
            response.NextPageToken = PageToken.Encode(DateTime.SpecifyKind(rows[size - 1].OpenedAt, DateTimeKind.Utc), rows[size - 1].PublicityId);
        }
        return response;
    }

    public override async Task<ListCommitmentsResponse> ListCommitments(ListOpennessRequest request, ServerCallContext context)
    {
        var (divisions, before, size) = await ListingAsync(request, context);
        var rows = await dataSource.InTransactionAsync(t => CommitmentStore.ListAsync(t, divisions, before, size + 1, context.CancellationToken),
            context.CancellationToken);
        var response = new ListCommitmentsResponse();
        response.Commitments.AddRange(rows.Take(size).Select(reading.Read));
        if (rows.Count > size)
        {
            response.NextPageToken = PageToken.Encode(DateTime.SpecifyKind(rows[size - 1].PublishedAt, DateTimeKind.Utc), rows[size - 1].CommitmentId);
        }
        return response;
    }

    public override async Task<CodeOfConduct> GetCodeOfConduct(GetCodeOfConductRequest request, ServerCallContext context)
    {
        if (directory.FindUnit(request.UnitId) is null)
        {
            throw FieldViolations.Single("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        }
        if (!await rateLimiter.TryAcquireAsync("openness", CallerRateLimiter.CallerOf(context), options.Value.PublicListingsPerMinute, Window))
        {
            throw CallerRateLimiter.Exhausted(ReportingTexts.Words["rate.listings"], rateLimiter.RetryAfter(Window));
        }
        var code = await dataSource.InTransactionAsync(t => CommitmentStore.CurrentCodeAsync(t, request.UnitId, context.CancellationToken),
                       context.CancellationToken)
                   ?? throw new RpcException(new Status(StatusCode.NotFound, ReportingTexts.Words["code-of-conduct.not-found", request.UnitId]));
        return reading.Read(code);
    }

    public override async Task<SubmitObjectionResponse> SubmitObjection(SubmitObjectionRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var id = Id("publicity_id", request.PublicityId, violations);
        Objector(request.Objector, violations);
        var account = request.Account.Trim().Length;
        if (account < AccountMinLength || account > AccountMaxLength)
        {
            violations.Add("account", ReportingTexts.Words["field.objection.account", AccountMinLength, AccountMaxLength, account]);
        }
        Key(request.IdempotencyKey, violations);
        violations.ThrowIfAny();
        if (!await rateLimiter.TryAcquireAsync("objections", CallerRateLimiter.CallerOf(context), options.Value.ObjectionsPerMinute, Window))
        {
            throw CallerRateLimiter.Exhausted(ReportingTexts.Words["rate.objections"], rateLimiter.RetryAfter(Window));
        }

        var row = await dataSource.InTransactionAsync(t => PublicityStore.FindAsync(t, id, forUpdate: false, context.CancellationToken),
                      context.CancellationToken)
                  ?? throw new RpcException(new Status(StatusCode.NotFound, ReportingTexts.Words["publicity.not-found", request.PublicityId]));
        publicity.RequireWindowOpen(row);
        var report = await intake.SubmitAsync(row, request, context.CancellationToken);
        await dataSource.InTransactionAsync(async t =>
        {
            await publicity.RecordObjectionAsync(t, row, report.ReportId, report.TrackingNumber, context.CancellationToken);
            return true;
        }, context.CancellationToken);
        logger.LogInformation("Objection to publicity {PublicityId} sent to intake as report {ReportId}", row.PublicityId, report.ReportId);
        return new SubmitObjectionResponse { TrackingNumber = report.TrackingNumber, ReceiptCode = report.ReceiptCode };
    }

    /// <summary>The divisions, position and size of a public listing, counted against the caller's limit once well-formed.</summary>
    private async Task<(IReadOnlyList<string> Divisions, (DateTime At, Guid Id)? Before, int Size)> ListingAsync(ListOpennessRequest request,
        ServerCallContext context)
    {
        var violations = new FieldViolations();
        var division = request.DivisionCode.Length == 0 ? directory.CityCode : request.DivisionCode;
        if (directory.FindDivision(division) is null) violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        var (before, size) = PageToken.Read(request.PageToken, request.PageSize, defaultSize: 20, maxSize: 100, violations);
        violations.ThrowIfAny();
        if (!await rateLimiter.TryAcquireAsync("openness", CallerRateLimiter.CallerOf(context), options.Value.PublicListingsPerMinute, Window))
        {
            throw CallerRateLimiter.Exhausted(ReportingTexts.Words["rate.listings"], rateLimiter.RetryAfter(Window));
        }
        return (directory.Subtree(division), before, size);
    }

    /// <summary>Anonymous (nothing that names them, feedback online) or by real name with intake's rules for a reporter.</summary>
    private static void Objector(Objector? objector, FieldViolations violations)
    {
        if (objector is null)
        {
            violations.Add("objector", PlatformTexts.Words["field.required"]);
            return;
        }
        if (objector.Feedback is not (ObjectionFeedback.Unspecified or ObjectionFeedback.Online or ObjectionFeedback.Phone or ObjectionFeedback.Letter))
        {
            violations.Add("objector.feedback", PlatformTexts.Words["field.one-of",
                string.Join(", ", new[] { ObjectionFeedback.Online, ObjectionFeedback.Phone, ObjectionFeedback.Letter }.Select(ApiName))]);
        }
        if (objector.Anonymous)
        {
            foreach (var (field, value) in new[] { ("objector.name", objector.Name), ("objector.phone", objector.Phone),
                         ("objector.id_number", objector.IdNumber), ("objector.address", objector.Address) }.Where(f => f.Item2.Length > 0))
            {
                violations.Add(field, ReportingTexts.Words["field.objector.anonymous"]);
            }
            if (objector.Feedback is not (ObjectionFeedback.Unspecified or ObjectionFeedback.Online))
            {
                violations.Add("objector.feedback", ReportingTexts.Words["field.objector.anonymous-online"]);
            }
            return;
        }
        Text("objector.name", objector.Name, NameLength, required: true, violations);
        if (!PersonalDataRules.IsPhone(objector.Phone)) violations.Add("objector.phone", ReportingTexts.Words["field.objector.phone"]);
        if (objector.IdNumber.Length > 0 && !PersonalDataRules.IsResidentIdNumber(objector.IdNumber))
        {
            violations.Add("objector.id_number", ReportingTexts.Words["field.objector.id-number"]);
        }
        Text("objector.address", objector.Address, AddressLength, required: false, violations);
    }
}
