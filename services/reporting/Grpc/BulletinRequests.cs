using System.Globalization;
using Npgsql;
using Supervision.Reporting.Data;
using Supervision.Reference;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Grpc;

/// <summary>What the staff and the public bulletin methods share: reading the request, making the figures, rendering them.</summary>
public sealed class BulletinRequests(NpgsqlDataSource dataSource, Bulletins bulletins, CityDirectory directory, TimeProvider time, DocumentRendering rendering)
{
    private readonly BulletinReading _reading = new(new Figures(directory));

    /// <summary>The period and division asked for; bad values become field violations. An empty division is <paramref name="defaultDivision"/>.</summary>
    public (BulletinPeriod Period, string Division) Read(GetBulletinRequest request, string defaultDivision)
    {
        var violations = new FieldViolations();
        BulletinPeriod? period = null;
        if (request.Kind is not (BulletinKind.Weekly or BulletinKind.Monthly))
        {
            violations.Add("kind", PlatformTexts.Words["field.one-of", "BULLETIN_KIND_WEEKLY, BULLETIN_KIND_MONTHLY"]);
        }
        if (!DateOnly.TryParseExact(request.PeriodStart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            violations.Add("period_start", ReportingTexts.Words["field.date.format"]);
        }
        else if (request.Kind is BulletinKind.Weekly or BulletinKind.Monthly)
        {
            period = BulletinPeriod.Starting((BulletinPeriodKind)request.Kind, start);
            if (period is null)
            {
                violations.Add("period_start", ReportingTexts.Words[request.Kind == BulletinKind.Weekly ? "field.period-start.weekly" : "field.period-start.monthly"]);
            }
        }
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        if (!Enum.IsDefined(request.Format))
        {
            violations.Add("format", PlatformTexts.Words["field.one-of", "DOCUMENT_FORMAT_HTML, DOCUMENT_FORMAT_PDF"]);
        }
        violations.ThrowIfAny();
        return (period!, request.DivisionCode.Length > 0 ? request.DivisionCode : defaultDivision);
    }

    public async Task<Bulletin> MakeAsync(BulletinPeriod period, string division, Edition edition, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        BulletinFigures made;
        await using (var previousPeriod = await SharedSnapshot.OpenAsync(dataSource, transaction, ct))
        {
            made = await bulletins.MakeAsync(transaction, previousPeriod.Transaction, period, division, ct);
        }
        await transaction.CommitAsync(ct);
        ReportingMetrics.Bulletins.Add(1, new KeyValuePair<string, object?>("kind", period.Kind.ToString()), new KeyValuePair<string, object?>("edition", edition.ToString()));
        return _reading.Read(made, edition, time.GetUtcNow());
    }

    /// <summary>The bulletin as the request's format asks: HTML, or the same page printed to an A4 PDF.</summary>
    public Task<RenderedDocument> RenderAsync(Bulletin bulletin, DocumentFormat format, CancellationToken ct) =>
        rendering.RenderAsync(BulletinHtml.Render(bulletin), FileName(bulletin), format, ct);

    public static RenderedDocument Html(Bulletin bulletin) => DocumentRendering.Html(BulletinHtml.Render(bulletin), FileName(bulletin));

    private static string FileName(Bulletin bulletin) =>
        $"{bulletin.DivisionCode}-{(bulletin.Kind == BulletinKind.Weekly ? "weekly" : "monthly")}-"
        + $"{bulletin.From.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}-{(bulletin.Edition == Edition.Public ? "public" : "staff")}";
}
