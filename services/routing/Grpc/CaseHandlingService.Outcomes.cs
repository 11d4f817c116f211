using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Routing.Localization;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Grpc;

/// <summary>Whoever investigates, announces: the outcome notice, and the conclusion's measures and notice as requested.</summary>
public sealed partial class CaseHandlingService
{
    public override async Task<OutcomeNotice> GetOutcomeNotice(GetOutcomeNoticeRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var notice = await queries.NoticeAsync(ParseCaseId(request.CaseId), context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, RoutingTexts.Words["outcome-notice.not-found"]));
        var readable = notice.Scope switch
        {
            NoticeScopes.Public => true,
            // A division's notice is read by the division's staff and by those above it.
            NoticeScopes.Division => directory.Covers(caller, notice.DivisionCode) || directory.Covers(notice.DivisionCode, caller.DivisionCode),
            _ => directory.Covers(caller, notice.DivisionCode),
        };
        if (!readable)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, RoutingTexts.Words["outcome-notice.outside-scope", CaseWording.NoticeScopeName(notice.Scope).In(CultureInfo.CurrentUICulture)]));
        }
        return NoticeOf(notice, directory);
    }

    internal static OutcomeNotice NoticeOf(OutcomeNoticeRow row, Supervision.Reference.CityDirectory directory) => new()
    {
        CaseId = row.CaseId.ToString(),
        UnitId = row.UnitId,
        UnitName = directory.FindUnit(row.UnitId)?.Name ?? row.UnitId,
        DivisionCode = row.DivisionCode,
        Scope = row.Scope switch
        {
            NoticeScopes.Public => NoticeScope.Public,
            NoticeScopes.Division => NoticeScope.Division,
            _ => NoticeScope.Unit,
        },
        Text = row.Text,
        Outcome = (Outcome)row.Outcome,
        IssuedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(row.IssuedAt, DateTimeKind.Utc)),
    };

    /// <summary>The requested measures: a listed kind, a directory cadre, a date that has come (in the city's time zone).</summary>
    private List<MeasureTaken> Measures(IReadOnlyList<AccountabilityMeasure> requested, FieldViolations violations)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(clocks.Value.TimeZoneOffset).DateTime);
        var measures = new List<MeasureTaken>();
        if (requested.Count > 50) violations.Add("measures", RoutingTexts.Words["field.measures.count", 50]);
        for (var i = 0; i < requested.Count; i++)
        {
            var measure = requested[i];
            if (rules.MeasureKind(measure.Kind) is null)
            {
                violations.Add($"measures[{i}].kind", PlatformTexts.Words["field.one-of", string.Join(", ", rules.AccountabilityMeasureKinds.Select(k => k.Kind))]);
            }
            if (directory.FindCadre(measure.CadreId) is null)
            {
                violations.Add($"measures[{i}].cadre_id", PlatformTexts.Words["field.unknown-cadre", measure.CadreId]);
            }
            if (!DateOnly.TryParseExact(measure.DecidedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var decidedOn))
            {
                violations.Add($"measures[{i}].decided_on", "required, a date yyyy-MM-dd");
            }
            else if (decidedOn > today)
            {
                violations.Add($"measures[{i}].decided_on", RoutingTexts.Words["field.decided-on.future", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
            }
            measures.Add(new MeasureTaken(measure.Kind, measure.CadreId, decidedOn));
        }
        return measures;
    }

    private static string NoticeScopeOf(NoticeScope scope, FieldViolations violations)
    {
        switch (scope)
        {
            case NoticeScope.Unspecified or NoticeScope.Unit:
                return NoticeScopes.Unit;
            case NoticeScope.Division:
                return NoticeScopes.Division;
            case NoticeScope.Public:
                return NoticeScopes.Public;
            default:
                violations.Add("notice_scope", PlatformTexts.Words["field.one-of", "unit, division, public"]);
                return NoticeScopes.Unit;
        }
    }

    private List<string> KnownUnits(IReadOnlyList<string> unitIds, string field, FieldViolations violations)
    {
        if (unitIds.Count > 20) violations.Add(field, RoutingTexts.Words["field.units.count", 20]);
        for (var i = 0; i < unitIds.Count; i++)
        {
            if (directory.FindUnit(unitIds[i]) is null) violations.Add($"{field}[{i}]", PlatformTexts.Words["field.unknown-unit", unitIds[i]]);
        }
        return unitIds.Distinct().ToList();
    }
}
