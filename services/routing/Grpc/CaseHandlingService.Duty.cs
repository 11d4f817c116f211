using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Routing.Data;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Routing.Grpc;

/// <summary>24-hour duty in election periods: the gaps in the units' rosters.</summary>
public sealed partial class CaseHandlingService
{
    public override async Task<ListDutyGapsResponse> ListDutyGaps(ListDutyGapsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, size) = Page(request.PageToken, request.PageSize, violations);
        var scope = Scope(caller, request.DivisionCode, violations);
        var unit = request.UnitId.Length > 0 ? directory.FindUnit(request.UnitId) : null;
        if (request.UnitId.Length > 0 && unit is null) violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        violations.ThrowIfAny();
        if (unit is not null)
        {
            directory.RequireJurisdiction(caller, unit.DivisionCode);
        }

        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, context.CancellationToken);
        var gaps = (await dutyCoverage.GapsAsync(transaction, time.GetUtcNow(), context.CancellationToken))
            .Where(g => unit is null ? directory.FindUnit(g.UnitId) is { } u && directory.Covers(scope, u.DivisionCode) : g.UnitId == unit.Id)
            .Where(g => after is null || After(g, after.Value.Item1, after.Value.Item2))
            .Take(size + 1)
            .ToList();
        var warned = await DutyStore.WarnedAsync(transaction, gaps.Select(g => g.UnitId).Distinct().ToList(), context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);

        var response = new ListDutyGapsResponse();
        response.Gaps.AddRange(gaps.Take(size).Select(g => new DutyGap
        {
            GapId = g.Id.ToString(), UnitId = g.UnitId, DivisionCode = directory.FindUnit(g.UnitId)?.DivisionCode ?? "",
            UnitName = directory.FindUnit(g.UnitId) is { } named ? RequestLanguage.Name(named.Name, named.NameEn) : g.UnitId,
            StartsAt = Timestamp.FromDateTimeOffset(g.StartsAt), EndsAt = Timestamp.FromDateTimeOffset(g.EndsAt),
            Warned = warned.Contains((g.UnitId, g.StartsAt.UtcDateTime)),
        }));
        if (gaps.Count > size)
        {
            response.NextPageToken = PageToken.Encode(gaps[size - 1].StartsAt.UtcDateTime, gaps[size - 1].Id);
        }
        return response;
    }

    /// <summary>Gaps come earliest first, then by id: the keyset order of their page tokens.</summary>
    private static bool After(Domain.DutyGap gap, DateTime at, Guid id) =>
        gap.StartsAt.UtcDateTime > at || (gap.StartsAt.UtcDateTime == at && gap.Id.CompareTo(id) > 0);
}
