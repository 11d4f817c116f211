using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>The annual assessment for staff readers: read in pages or exported as a CSV file, within the caller's jurisdiction.</summary>
public sealed class AnnualAssessmentService(AnnualAssessment assessment, ScoringRules rules, CityDirectory directory, TimeProvider time)
    : AnnualAssessments.AnnualAssessmentsBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;
    private const int FirstYear = 2000;
    // Excel reads a UTF-8 file as UTF-8 (and so the Chinese as written) only when it starts with the byte-order mark.
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public override async Task<GetAnnualAssessmentResponse> GetAnnualAssessment(GetAnnualAssessmentRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var violations = new FieldViolations();
        ValidateYearAndGroup(request.Year, request.Group, violations);
        if (request.UnitId.Length > 0 && directory.FindUnit(request.UnitId) is null)
        {
            violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        }
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        var query = QueryId(request.Year, request.Group, request.UnitId);
        if (after is { } position && position.Id != query)
        {
            violations.Add("page_token", PlatformTexts.Words["page.token"]);
        }
        violations.ThrowIfAny();
        var rows = (await VisibleRowsAsync(caller, request.Year, request.Group, context.CancellationToken))
            .Where(r => request.UnitId.Length == 0 || r.UnitId == request.UnitId).ToList();
        // The position is the index of the next row in the ordered assessment of this very query.
        var start = after is { } from ? (int)Math.Min(from.At.Ticks, rows.Count) : 0;
        var page = rows.Skip(start).Take(size).ToList();
        var response = new GetAnnualAssessmentResponse
        {
            NextPageToken = start + page.Count < rows.Count ? PageToken.Encode(new DateTime(start + page.Count, DateTimeKind.Utc), query) : "",
        };
        response.Units.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<AnnualAssessmentFile> ExportAnnualAssessment(ExportAnnualAssessmentRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var violations = new FieldViolations();
        ValidateYearAndGroup(request.Year, request.Group, violations);
        violations.ThrowIfAny();
        var rows = await VisibleRowsAsync(caller, request.Year, request.Group, context.CancellationToken);
        var csv = new StringBuilder().Append(EvaluationTexts.Words["annual.csv-header"]).Append("\r\n");
        foreach (var row in rows.Select(ToProto))
        {
            csv.AppendJoin(',', [Field(GroupName(row.Group)), Field(row.UnitId), Field(row.UnitName), row.Rank.ToString(), row.RankedUnits.ToString(),
                row.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), row.Sessions.ToString()]).Append("\r\n");
        }
        return new AnnualAssessmentFile
        {
            FileName = $"annual-assessment-{request.Year}{(request.Group.Length > 0 ? "-" + request.Group : "")}.csv",
            ContentType = "text/csv; charset=utf-8",
            Content = ByteString.CopyFrom([.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(csv.ToString())]),
            Rows = rows.Count,
        };
    }

    private void ValidateYearAndGroup(int year, string group, FieldViolations violations)
    {
        var lastYear = time.GetUtcNow().Year + 1;
        if (year < FirstYear || year > lastYear)
        {
            violations.Add("year", EvaluationTexts.Words["field.between", FirstYear, lastYear]);
        }
        if (group.Length > 0 && rules.AnnualAssessment.All(g => g.Group != group))
        {
            violations.Add("group", PlatformTexts.Words["field.one-of", string.Join(", ", rules.AnnualAssessment.Select(g => g.Group))]);
        }
    }

    /// <summary>The year's assessment of one group or all, by group then rank; ranks are city-wide, rows only the caller's units.</summary>
    private async Task<IReadOnlyList<Domain.Scoring.AnnualUnitScore>> VisibleRowsAsync(StaffCaller caller, int year, string group, CancellationToken ct) =>
        (await assessment.ForYearAsync(year, ct))
        .Where(r => (group.Length == 0 || r.Group == group) && directory.FindUnit(r.UnitId) is { } unit && directory.Covers(caller, unit.DivisionCode))
        .ToList();

    private V1.AnnualUnitScore ToProto(Domain.Scoring.AnnualUnitScore row) => new()
    {
        Group = row.Group, UnitId = row.UnitId, UnitName = ConsequenceWords.UnitName(directory, row.UnitId), Rank = row.Rank,
        RankedUnits = row.RankedUnits, Score = row.Score, Sessions = row.Sessions,
    };

    private static string GroupName(string group) =>
        EvaluationTexts.Words.Has("annual.group." + group) ? EvaluationTexts.Words["annual.group." + group] : group;

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static Guid QueryId(int year, string group, string unitId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"annual|{year}|{group}|{unitId}")).AsSpan(0, 16));
}
