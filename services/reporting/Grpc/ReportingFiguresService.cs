using System.Globalization;
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

namespace Supervision.Reporting.Grpc;

/// <summary>Staff read the indicators and the daily dispatches, within their jurisdiction: every staff role, of every service.</summary>
[Authorize(Roles = Readers)]
public sealed class ReportingFiguresService(
    NpgsqlDataSource dataSource,
    IndicatorCalculator calculator,
    DailyDispatches dispatches,
    BulletinRequests bulletins,
    CityDirectory directory,
    TimeProvider time) : ReportingFigures.ReportingFiguresBase
{
    public const string Readers = Roles.AnyStaff + "," + Roles.PlanStaff + "," + Roles.Inspector + "," + Roles.TargetUnitContact + ","
                                  + Roles.EvaluationOfficer + "," + Roles.WorkSupervisor;

    /// <summary>The longest period one request may cover: a year, leap day included.</summary>
    public const int LongestPeriodDays = 366;

    private readonly Figures _figures = new(directory);
    private readonly DispatchReading _reading = new(new Figures(directory), directory, dispatches.Schedule);

    public override async Task<Indicators> GetIndicators(GetIndicatorsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var division = request.DivisionCode.Length == 0 ? caller.DivisionCode : request.DivisionCode;
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        var (from, to) = Period(request.From, request.To, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, division);

        var set = await ReadAsync((t, ct) => calculator.ComputeAsync(t, division, from, to, time.GetUtcNow(), ct), context.CancellationToken);
        var answer = new Indicators
        {
            DivisionCode = division, From = request.From, To = request.To, Events = set.Events ?? 0,
            Total = _figures.DivisionRow(set.Total),
        };
        answer.ReceivedByChannel.AddRange(_figures.ByChannel(set.Received));
        answer.ReceivedByLevel.AddRange(_figures.ByLevel(set.Received));
        answer.Counties.AddRange(set.Counties.Select(_figures.DivisionRow));
        answer.Units.AddRange(set.Units.Select(_figures.UnitRow));
        return answer;
    }

    public override async Task<DailyDispatch> GetDailyDispatch(GetDailyDispatchRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var date = ParseDate("date", request.Date);
        var stored = await ReadAsync((t, ct) => DispatchStore.FindAsync(t, date, ct), context.CancellationToken);
        if (stored is null)
        {
            var day = dispatches.Schedule.Calendar.Describe(date);
            throw new RpcException(new Status(StatusCode.NotFound, day.WorkingDay
                ? ReportingTexts.Words["dispatch.not-found", request.Date, dispatches.Schedule.LocalTime(dispatches.Schedule.DueAt(date))]
                : ReportingTexts.Words["dispatch.not-working-day", request.Date]));
        }
        return _reading.Read(stored, caller);
    }

    public override async Task<ListDailyDispatchesResponse> ListDailyDispatches(ListDailyDispatchesRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, 20, 100, violations);
        violations.ThrowIfAny();
        DateOnly? before = after is { } position ? DateOnly.FromDateTime(position.At) : null;
        var rows = await ReadAsync((t, ct) => DispatchStore.ListAsync(t, before, size + 1, ct), context.CancellationToken);
        var answer = new ListDailyDispatchesResponse();
        answer.Dispatches.AddRange(rows.Take(size).Select(r => _reading.Header(r, caller)));
        if (rows.Count > size)
        {
            answer.NextPageToken = PageToken.Encode(rows[size - 1].DispatchDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Guid.Empty);
        }
        return answer;
    }

    public override Task<WorkingDay> GetWorkingDay(GetWorkingDayRequest request, ServerCallContext context)
    {
        var date = ParseDate("date", request.Date);
        var calendar = dispatches.Schedule.Calendar;
        var day = calendar.Describe(date);
        return Task.FromResult(new WorkingDay
        {
            Date = Figures.Date(date),
            WorkingDay_ = day.WorkingDay,
            Holiday = day.Holiday is { } holiday ? RequestLanguage.Name(holiday.Name, holiday.NameEn) : "",
            MakeUpWorkingDay = day.MakeUpWorkingDay,
            NextWorkingDay = Figures.Date(calendar.NextWorkingDay(date)),
            Confirmed = day.Confirmed,
        });
    }

    public override Task<Bulletin> GetBulletin(GetBulletinRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var (period, division) = bulletins.Read(request, caller.DivisionCode);
        directory.RequireJurisdiction(caller, division);
        return bulletins.MakeAsync(period, division, Edition.Staff, context.CancellationToken);
    }

    public override async Task<RenderedDocument> RenderBulletin(GetBulletinRequest request, ServerCallContext context) =>
        await bulletins.RenderAsync(await GetBulletin(request, context), request.Format, context.CancellationToken);

    /// <summary>A period [from, to) of at most a year; both ends required.</summary>
    internal static (DateTimeOffset From, DateTimeOffset To) Period(Google.Protobuf.WellKnownTypes.Timestamp? from,
        Google.Protobuf.WellKnownTypes.Timestamp? to, FieldViolations violations)
    {
        if (from is null) violations.Add("from", PlatformTexts.Words["field.required"]);
        if (to is null) violations.Add("to", PlatformTexts.Words["field.required"]);
        if (from is null || to is null)
        {
            return default;
        }
        var (start, end) = (from.ToDateTimeOffset(), to.ToDateTimeOffset());
        if (end <= start)
        {
            violations.Add("to", PlatformTexts.Words["field.after", "from"]);
        }
        else if (end - start > TimeSpan.FromDays(LongestPeriodDays))
        {
            violations.Add("to", ReportingTexts.Words["field.period.too-long", LongestPeriodDays]);
        }
        return (start, end);
    }

    internal static DateOnly ParseDate(string field, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw FieldViolations.Single(field, ReportingTexts.Words["field.date.format"]);

    /// <summary>Reads in one repeatable-read transaction, so every figure of an answer comes from the same state.</summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlTransaction, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var result = await read(transaction, ct);
        await transaction.CommitAsync(ct);
        return result;
    }
}
