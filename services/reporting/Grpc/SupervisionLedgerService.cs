using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using LedgerEntry = Supervision.Reporting.Domain.LedgerEntry;
using LedgerSource = Supervision.Reporting.Domain.LedgerSource;

namespace Supervision.Reporting.Grpc;

/// <summary>
/// The supervision ledger of one cadre or unit: the organization department's oversight officers and auditors read it
/// within their jurisdiction (the cadre's or unit's division), page by page or as one document before an appointment.
/// </summary>
[Authorize(Roles = Roles.OversightOfficer + "," + Roles.Auditor)]
public sealed class SupervisionLedgerService(
    NpgsqlDataSource dataSource,
    CityDirectory directory,
    DocumentRendering rendering,
    IOptions<DispatchOptions> options,
    TimeProvider time) : V1.SupervisionLedger.SupervisionLedgerBase
{
    /// <summary>The most entries one document holds, newest first; the document says when there were more.</summary>
    public const int DocumentEntries = 500;

    private readonly LedgerReading _reading = new(directory);

    public override async Task<ListLedgerEntriesResponse> ListLedgerEntries(ListLedgerEntriesRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (query, division) = Read(request.Filter, violations);
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, 20, 100, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, division!);

        var rows = await ReadAsync(t => LedgerStore.ListAsync(t, query!, after, size + 1, context.CancellationToken), context.CancellationToken);
        var answer = new ListLedgerEntriesResponse { Subject = _reading.Subject(query!.SubjectKind, query.SubjectId) };
        answer.Entries.AddRange(rows.Take(size).Select(r => Entry(r.ToEntry())));
        if (rows.Count > size)
        {
            answer.NextPageToken = PageToken.Encode(DateTime.SpecifyKind(rows[size - 1].OccurredAt, DateTimeKind.Utc), rows[size - 1].EntryId);
        }
        return answer;
    }

    public override async Task<RenderedDocument> RenderLedger(RenderLedgerRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        var violations = new FieldViolations();
        var (query, division) = Read(request.Filter, violations);
        if (!Enum.IsDefined(request.Format))
        {
            violations.Add("format", PlatformTexts.Words["field.one-of", "DOCUMENT_FORMAT_HTML, DOCUMENT_FORMAT_PDF"]);
        }
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, division!);

        var rows = await ReadAsync(t => LedgerStore.ListAsync(t, query!, null, DocumentEntries + 1, context.CancellationToken), context.CancellationToken);
        var document = new LedgerDocument(_reading.Subject(query!.SubjectKind, query.SubjectId), request.Filter.FromDate, request.Filter.ToDate,
            query.Sources.Select(LedgerReading.SourceName).ToList(),
            rows.Take(DocumentEntries).Select(r => r.ToEntry()).Select(e => (e, LedgerReading.SourceName(e.Source), _reading.Text(e))).ToList(),
            rows.Count > DocumentEntries, time.GetUtcNow(), options.Value.TimeZoneOffset);
        return await rendering.RenderAsync(LedgerHtml.Render(document), $"ledger-{query.SubjectKind}-{query.SubjectId}", request.Format,
            context.CancellationToken);
    }

    /// <summary>The filter as a query, and the division whose staff may read it; bad values become violations under "filter.".</summary>
    private (LedgerQuery? Query, string? Division) Read(LedgerFilter? filter, FieldViolations violations)
    {
        filter ??= new LedgerFilter();
        string? kind = null, id = null, division = null;
        if ((filter.CadreId.Length > 0) == (filter.UnitId.Length > 0))
        {
            var rule = ReportingTexts.Words["field.ledger.one-subject"];
            violations.Add("filter.cadre_id", rule).Add("filter.unit_id", rule);
        }
        else if (filter.CadreId.Length > 0)
        {
            (kind, id, division) = (LedgerEntry.Cadre, filter.CadreId, directory.FindCadre(filter.CadreId)?.DivisionCode);
            if (division is null) violations.Add("filter.cadre_id", PlatformTexts.Words["field.unknown-cadre", filter.CadreId]);
        }
        else
        {
            (kind, id, division) = (LedgerEntry.Unit, filter.UnitId, directory.FindUnit(filter.UnitId)?.DivisionCode);
            if (division is null) violations.Add("filter.unit_id", PlatformTexts.Words["field.unknown-unit", filter.UnitId]);
        }
        if (filter.Sources.Any(s => s == V1.LedgerSource.Unspecified || !Enum.IsDefined(s)))
        {
            violations.Add("filter.sources", PlatformTexts.Words["field.one-of", string.Join(", ", Enum.GetValues<LedgerSource>()
                .Select(s => "LEDGER_SOURCE_" + s.ToString().ToUpperInvariant()))]);
        }
        var from = Day("filter.from_date", filter.FromDate, violations);
        var to = Day("filter.to_date", filter.ToDate, violations);
        if (from is { } first && to is { } last && last < first)
        {
            violations.Add("filter.to_date", ReportingTexts.Words["field.ledger.date-order"]);
        }
        var offset = options.Value.TimeZoneOffset;
        return kind is null || division is null
            ? (null, null)
            : (new LedgerQuery(kind, id!, filter.Sources.Distinct().Select(s => (LedgerSource)s).ToList(),
                from is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), offset) : null,
                to is { } l ? new DateTimeOffset(l.AddDays(1).ToDateTime(TimeOnly.MinValue), offset) : null), division);
    }

    private static DateOnly? Day(string field, string value, FieldViolations violations)
    {
        if (value.Length == 0)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        violations.Add(field, ReportingTexts.Words["field.date.format"]);
        return null;
    }

    private V1.LedgerEntry Entry(LedgerEntry entry) => new()
    {
        EntryId = entry.EntryId.ToString(), Source = (V1.LedgerSource)entry.Source, Kind = entry.Kind, OccurredAt = Figures.Stamp(entry.OccurredAt),
        Text = _reading.Text(entry),
    };

    private async Task<T> ReadAsync<T>(Func<NpgsqlTransaction, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var result = await read(transaction);
        await transaction.CommitAsync(ct);
        return result;
    }
}
