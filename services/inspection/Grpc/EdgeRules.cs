using System.Globalization;
using Grpc.Core;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Grpc;

/// <summary>What every inspection RPC checks at the edge: roles, ids, dates, texts; and the domain's refusals as statuses.</summary>
internal static class EdgeRules
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>PERMISSION_DENIED unless the caller holds one of the roles.</summary>
    public static StaffCaller RequireRole(ServerCallContext context, params string[] roles)
    {
        var caller = context.RequireStaffCaller();
        return caller.IsInAnyRole(roles)
            ? caller
            : throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["auth.role", string.Join(", ", roles)]));
    }

    public static Guid Id(FieldViolations violations, string field, string value)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty)
        {
            return id;
        }
        violations.Add(field, value.Length == 0 ? PlatformTexts.Words["field.required"] : InspectionTexts.Words["field.id"]);
        return Guid.Empty;
    }

    public static DateOnly Date(FieldViolations violations, string field, string value)
    {
        if (DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        violations.Add(field, value.Length == 0 ? PlatformTexts.Words["field.required"] : InspectionTexts.Words["field.date"]);
        return default;
    }

    /// <summary>A required text of <paramref name="min"/> to <paramref name="max"/> characters (trimmed).</summary>
    public static string Text(FieldViolations violations, string field, string value, int min, int max)
    {
        var text = value.Trim();
        if (text.Length < min)
        {
            violations.Add(field, min <= 1 ? PlatformTexts.Words["field.required"] : PlatformTexts.Words["field.required-min-length", min]);
        }
        else if (text.Length > max)
        {
            violations.Add(field, PlatformTexts.Words["field.max-length-got", max, text.Length]);
        }
        return text;
    }

    /// <summary>Inspector ids: 1 to <paramref name="max"/>, each known, none twice.</summary>
    public static void InspectorIds(FieldViolations violations, string field, IReadOnlyList<string> ids, IReadOnlySet<string> known, int min, int max)
    {
        if (ids.Count < min || ids.Count > max)
        {
            violations.Add(field, InspectionTexts.Words["field.count", min, max]);
        }
        for (var i = 0; i < ids.Count; i++)
        {
            if (!known.Contains(ids[i]))
            {
                violations.Add($"{field}[{i}]", InspectionTexts.Words["field.unknown-inspector", ids[i]]);
            }
            else if (ids.Take(i).Contains(ids[i]))
            {
                violations.Add($"{field}[{i}]", InspectionTexts.Words["field.duplicate-inspector", ids[i]]);
            }
        }
    }

    /// <summary>Runs a domain step, turning its not-found and not-yours refusals into statuses (rules become FAILED_PRECONDITION in the interceptor).</summary>
    public static async Task<T> Refusals<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (PlanNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["plan.not-found"]));
        }
        catch (TourNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["tour.not-found"]));
        }
        catch (NotTeamMemberException)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["team.not-member"]));
        }
        catch (RectificationItemNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["rectification.not-found"]));
        }
        catch (WorkRecordNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["work-record.not-found"]));
        }
        catch (RecommendationNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["recommendation.not-found"]));
        }
        catch (NotResponsibleUnitException)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["rectification.not-your-unit"]));
        }
    }
}
