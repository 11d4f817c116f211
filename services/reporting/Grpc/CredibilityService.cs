using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using static Supervision.Reporting.Grpc.RequestChecks;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// The credibility of cadre selection (选人用人公信度): oversight officers record each year's survey result of their division
/// (the city or a county) and its targets; oversight officers and auditors read results with trends, targets and corrections.
/// </summary>
[Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor)]
public sealed class CredibilityService(
    NpgsqlDataSource dataSource,
    CredibilitySurveys surveys,
    CredibilityReading reading,
    CityDirectory directory,
    ILogger<CredibilityService> logger) : V1.Credibility.CredibilityBase
{
    public const int SourceLength = 200;
    public const int NotesLength = 2000;
    public const int ReasonLength = 500;

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<CredibilityResult> RecordCredibilityResult(RecordCredibilityResultRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        SurveyedDivision(request.DivisionCode, violations);
        Year("year", request.Year, surveys.ThisYear, violations);
        var figures = new CredibilityFigures(Decimal(request.Score), request.HasProvincialRank ? request.ProvincialRank : null,
            request.HasRankedPlaces ? request.RankedPlaces : null,
            request.DimensionScores.Select(d => new DimensionScore(d.Code, Decimal(d.Score))).ToList(), request.Source.Trim(), request.Notes.Trim());
        foreach (var problem in CredibilityRules.Problems(figures, surveys.Dimensions))
        {
            violations.Add(problem.Field, ReportingTexts.Words[problem.Key, problem.Arguments]);
        }
        Text("source", request.Source, SourceLength, required: true, violations);
        Text("notes", request.Notes, NotesLength, required: false, violations);
        if (request.ExpectedRevision < 0)
        {
            violations.Add("expected_revision", ReportingTexts.Words["field.credibility.expected-revision"]);
        }
        else if (request.ExpectedRevision > 0)
        {
            Text("correction_reason", request.CorrectionReason, ReasonLength, required: true, violations);
        }
        else if (request.CorrectionReason.Trim().Length > 0)
        {
            violations.Add("correction_reason", ReportingTexts.Words["field.credibility.reason-only-for-correction"]);
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, request.DivisionCode);

        var plan = new CredibilityResultPlan(request.DivisionCode, request.Year, figures);
        var row = await dataSource.InTransactionAsync(t => surveys.RecordAsync(t, plan, request.ExpectedRevision, request.CorrectionReason.Trim(),
            caller.Subject, context.CancellationToken), context.CancellationToken);
        logger.LogInformation("Credibility result of {Division} {Year} at revision {Revision} recorded by {Caller}", row.DivisionCode, row.Year,
            row.Revision, caller.Subject);
        return await reading.ReadAsync(row, context.CancellationToken);
    }

    [Authorize(Roles = Roles.OversightOfficer)]
    public override async Task<CredibilityTarget> SetCredibilityTarget(SetCredibilityTargetRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        SurveyedDivision(request.DivisionCode, violations);
        Year("year", request.Year, surveys.ThisYear + CredibilityRules.TargetYearsAhead, violations);
        decimal? score = request.HasTargetScore ? Decimal(request.TargetScore) : null;
        if (score is { } value)
        {
            foreach (var problem in CredibilityRules.ScoreProblems("target_score", value))
            {
                violations.Add(problem.Field, ReportingTexts.Words[problem.Key, problem.Arguments]);
            }
        }
        if (request.HasTargetRank && request.TargetRank < 1)
        {
            violations.Add("target_rank", ReportingTexts.Words["field.credibility.rank", request.TargetRank]);
        }
        if (!request.HasTargetScore && !request.HasTargetRank)
        {
            violations.Add("target_score", ReportingTexts.Words["field.credibility.target-empty"]);
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, request.DivisionCode);

        var target = await dataSource.InTransactionAsync(t => surveys.SetTargetAsync(t, request.DivisionCode, request.Year,
            new CredibilityTargetValues(score, request.HasTargetRank ? request.TargetRank : null), caller.Subject, context.CancellationToken),
            context.CancellationToken);
        logger.LogInformation("Credibility target of {Division} {Year} set by {Caller}", target.DivisionCode, target.Year, caller.Subject);
        return reading.Read(target, staff: true);
    }

    public override async Task<ListCredibilityResultsResponse> ListCredibilityResults(ListCredibilityResultsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var listing = reading.Check(request, caller.DivisionCode, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, request.DivisionCode.Length == 0 ? caller.DivisionCode : request.DivisionCode);
        return await reading.ListAsync(listing, staff: true, context.CancellationToken);
    }

    /// <summary>
    /// A score as the caller wrote it: the shortest decimal that reads back as the double sent (84.36, not 84.3599999…), so a third
    /// decimal is seen; a value no decimal holds reads as out of range.
    /// </summary>
    public static decimal Decimal(double value) =>
        decimal.TryParse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var written)
            ? written
            : decimal.MaxValue;

    private void SurveyedDivision(string code, FieldViolations violations)
    {
        if (code.Length == 0)
        {
            violations.Add("division_code", PlatformTexts.Words["field.required"]);
        }
        else if (directory.FindDivision(code) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", code]);
        }
        else if (!CredibilityRules.IsSurveyed(directory, code))
        {
            violations.Add("division_code", ReportingTexts.Words["field.credibility.division-level", code]);
        }
    }

    private static void Year(string field, int year, int lastYear, FieldViolations violations)
    {
        if (year < CredibilityRules.FirstYear || year > lastYear)
        {
            violations.Add(field, ReportingTexts.Words["field.credibility.year", CredibilityRules.FirstYear, lastYear]);
        }
    }
}
