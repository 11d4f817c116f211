using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Unit = Supervision.Routing.V1.Unit;
using Cadre = Supervision.Routing.V1.Cadre;
using Supervision.Contracts.Events.Routing;
using Supervision.Platform;
using Supervision.Reference;

namespace Supervision.Routing.Grpc;

/// <summary>Read access to the city directory and the routing rules, for staff and other systems.</summary>
[Authorize(Roles = Roles.AnyStaff)]
public sealed partial class DirectoryService(CityDirectory directory, RoutingRules rules, RoutingEngine engine, DirectoryMaintenance maintenance,
    TimeProvider time, ILogger<DirectoryService> logger) : V1.Directory.DirectoryBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    public override Task<Unit> GetUnit(GetUnitRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(directory.FindUnit(request.UnitId) ?? throw new RpcException(new Status(StatusCode.NotFound, "No unit has this id."))));

    public override Task<Cadre> GetCadre(GetCadreRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(directory.FindCadre(request.CadreId) ?? throw new RpcException(new Status(StatusCode.NotFound, "No cadre has this id."))));

    public override Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var scope = Scope(request.DivisionCode, violations);
        var (offset, size) = Page(request.PageToken, request.PageSize, violations);
        violations.ThrowIfAny();
        var units = directory.Units
            .Where(u => scope is null || scope.Contains(u.DivisionCode))
            .Where(u => request.Kind.Length == 0 || u.Kind == request.Kind)
            .OrderBy(u => u.Id, StringComparer.Ordinal)
            .ToList();
        var response = new ListUnitsResponse { NextPageToken = offset + size < units.Count ? OffsetToken(offset + size) : "" };
        response.Units.AddRange(units.Skip(offset).Take(size).Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<ListCadresResponse> ListCadres(ListCadresRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var scope = Scope(request.DivisionCode, violations);
        var (offset, size) = Page(request.PageToken, request.PageSize, violations);
        violations.ThrowIfAny();
        var cadres = directory.Cadres
            .Where(c => scope is null || scope.Contains(c.DivisionCode))
            .Where(c => request.UnitId.Length == 0 || c.UnitId == request.UnitId)
            .Where(c => request.ManagementAuthority.Length == 0 || c.ManagementAuthority == request.ManagementAuthority)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var response = new ListCadresResponse { NextPageToken = offset + size < cadres.Count ? OffsetToken(offset + size) : "" };
        response.Cadres.AddRange(cadres.Skip(offset).Take(size).Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<AuthorityChain> GetAuthorityChain(GetAuthorityChainRequest request, ServerCallContext context)
    {
        var cadre = directory.FindCadre(request.CadreId) ?? throw new RpcException(new Status(StatusCode.NotFound, "No cadre has this id."));
        var level = engine.AuthorityLevel(cadre);
        var chain = new AuthorityChain
        {
            Cadre = ToProto(cadre),
            ManagingDivisionCode = level,
            Explanation = $"{engine.ManagedBy(cadre)}: reports about them are handled at {directory.FindDivision(level)?.Name ?? level}",
        };
        var kinds = rules.HandlingRules.SelectMany(r => r.CoUnitKinds.Prepend(r.LeadUnitKind)).Distinct();
        chain.HandlingUnits.AddRange(kinds.Select(k => engine.UnitOf(k, level)).OfType<Reference.Unit>().Select(ToProto));
        return Task.FromResult(chain);
    }

    public override Task<ListHandlingRulesResponse> ListHandlingRules(ListHandlingRulesRequest request, ServerCallContext context)
    {
        var response = new ListHandlingRulesResponse { MaxTransfers = rules.MaxTransfers };
        response.Rules.AddRange(rules.HandlingRules.Select(r => new V1.HandlingRule
        {
            Category = r.Category, LeadUnitKind = r.LeadUnitKind, CoUnitKinds = { r.CoUnitKinds },
        }));
        response.AuthorityLevels.Add(rules.AuthorityLevels.ToDictionary());
        return Task.FromResult(response);
    }

    public override async Task<Unit> UpsertUnit(UpsertUnitRequest request, ServerCallContext context)
    {
        var caller = RequireMaintainer(context);
        var unit = request.Unit ?? new Unit();
        var violations = new FieldViolations();
        CheckId(violations, "unit.unit_id", unit.UnitId, "u-");
        CheckName(violations, "unit.name", unit.Name);
        if (!rules.UnitKinds.Contains(unit.Kind)) violations.Add("unit.kind", $"one of {string.Join(", ", rules.UnitKinds)}");
        if (directory.FindDivision(unit.DivisionCode) is null) violations.Add("unit.division_code", $"unknown division '{unit.DivisionCode}'");
        if (unit.ParentUnitId.Length > 0 && (unit.ParentUnitId == unit.UnitId || directory.FindUnit(unit.ParentUnitId) is null))
        {
            violations.Add("unit.parent_unit_id", $"unknown unit '{unit.ParentUnitId}'");
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit.DivisionCode);
        if (directory.FindUnit(unit.UnitId) is { } existing)
        {
            directory.RequireJurisdiction(caller, existing.DivisionCode);
        }

        var change = await maintenance.RecordAsync("unit", unit.UnitId, version => new DirectoryChanged
        {
            Version = version,
            Unit = new DirectoryUnit
            {
                Id = unit.UnitId, Name = unit.Name.Trim(), NameEn = unit.NameEn.Trim() is { Length: > 0 } en ? en : null, Kind = unit.Kind,
                DivisionCode = unit.DivisionCode, ParentUnitId = unit.ParentUnitId.Length > 0 ? unit.ParentUnitId : null,
            },
            At = time.GetUtcNow(),
        }, caller.Subject, time.GetUtcNow(), context.CancellationToken);
        logger.LogInformation("Directory change {Version}: unit {UnitId} by {Subject}", change.Version, unit.UnitId, caller.Subject);
        return ToProto(directory.FindUnit(unit.UnitId)!);
    }

    public override async Task<Cadre> UpsertCadre(UpsertCadreRequest request, ServerCallContext context)
    {
        var caller = RequireMaintainer(context);
        var cadre = request.Cadre ?? new Cadre();
        var violations = new FieldViolations();
        CheckId(violations, "cadre.cadre_id", cadre.CadreId, "c-");
        CheckName(violations, "cadre.name", cadre.Name);
        CheckName(violations, "cadre.post", cadre.Post);
        if (cadre.Gender is not ("male" or "female")) violations.Add("cadre.gender", "male or female");
        var unit = directory.FindUnit(cadre.UnitId);
        if (unit is null) violations.Add("cadre.unit_id", $"unknown unit '{cadre.UnitId}'");
        else if (cadre.DivisionCode.Length > 0 && cadre.DivisionCode != unit.DivisionCode)
        {
            violations.Add("cadre.division_code", $"must be the unit's division ({unit.DivisionCode}) or empty");
        }
        if (!rules.AuthorityLevels.ContainsKey(cadre.ManagementAuthority))
        {
            violations.Add("cadre.management_authority", $"one of {string.Join(", ", rules.AuthorityLevels.Keys)}");
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit!.DivisionCode);
        if (directory.FindCadre(cadre.CadreId) is { } existing)
        {
            directory.RequireJurisdiction(caller, existing.DivisionCode);
        }

        var change = await maintenance.RecordAsync("cadre", cadre.CadreId, version => new DirectoryChanged
        {
            Version = version,
            Cadre = new DirectoryCadre
            {
                Id = cadre.CadreId, Name = cadre.Name.Trim(), Gender = cadre.Gender, Post = cadre.Post.Trim(), UnitId = unit.Id,
                DivisionCode = unit.DivisionCode, ManagementAuthority = cadre.ManagementAuthority, MiddleLevel = cadre.MiddleLevel,
            },
            At = time.GetUtcNow(),
        }, caller.Subject, time.GetUtcNow(), context.CancellationToken);
        logger.LogInformation("Directory change {Version}: cadre {CadreId} by {Subject}", change.Version, cadre.CadreId, caller.Subject);
        return ToProto(directory.FindCadre(cadre.CadreId)!);
    }

    private static StaffCaller RequireMaintainer(ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        return caller.IsInRole(Roles.Supervisor)
            ? caller
            : throw new RpcException(new Status(StatusCode.PermissionDenied, "The directory is maintained by supervisors."));
    }

    private static void CheckId(FieldViolations violations, string field, string id, string prefix)
    {
        if (!IdPattern().IsMatch(id) || !id.StartsWith(prefix, StringComparison.Ordinal))
        {
            violations.Add(field, $"required: '{prefix}' followed by 1 to 60 of a-z, 0-9 and '-'");
        }
    }

    private static void CheckName(FieldViolations violations, string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) violations.Add(field, "required");
        else if (value.Length > 100) violations.Add(field, "at most 100 characters");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z]-[a-z0-9-]{1,60}\z")]
    private static partial System.Text.RegularExpressions.Regex IdPattern();

    private HashSet<string>? Scope(string divisionCode, FieldViolations violations)
    {
        if (divisionCode.Length == 0)
        {
            return null;
        }
        if (directory.FindDivision(divisionCode) is null)
        {
            violations.Add("division_code", $"unknown division '{divisionCode}'");
            return null;
        }
        return directory.Subtree(divisionCode).ToHashSet();
    }

    private static (int Offset, int Size) Page(string token, int size, FieldViolations violations)
    {
        if (size < 0 || size > MaxPageSize)
        {
            violations.Add("page_size", $"between 1 and {MaxPageSize} (0 means {DefaultPageSize})");
        }
        var offset = 0;
        if (token.Length > 0 && (!int.TryParse(token, out offset) || offset < 0))
        {
            violations.Add("page_token", "not a token returned by this method");
        }
        return (offset, size <= 0 ? DefaultPageSize : Math.Min(size, MaxPageSize));
    }

    private static string OffsetToken(int offset) => offset.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static Unit ToProto(Reference.Unit unit)
    {
        var proto = new Unit
        {
            UnitId = unit.Id, Name = unit.Name, NameEn = unit.NameEn ?? "", Kind = unit.Kind, DivisionCode = unit.DivisionCode,
            ParentUnitId = unit.ParentUnitId ?? "",
        };
        proto.ServiceWindows.AddRange((unit.ServiceWindows ?? []).Select(w => new V1.ServiceWindow { WindowId = w.Id, Name = w.Name }));
        return proto;
    }

    private static Cadre ToProto(Reference.Cadre cadre) => new()
    {
        Gender = cadre.Gender,
        CadreId = cadre.Id, Name = cadre.Name, Post = cadre.Post, UnitId = cadre.UnitId, DivisionCode = cadre.DivisionCode,
        ManagementAuthority = cadre.ManagementAuthority, MiddleLevel = cadre.MiddleLevel,
    };
}
