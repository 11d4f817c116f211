using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using Supervision.Testing;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// The supervision ledger through the real API: a report about 曲阜市's mayor (c-0326, used by no other test) reaches his
/// ledger; oversight officers and auditors of his jurisdiction read it, page by page and as a PDF.
/// </summary>
public sealed class LedgerTests(PlatformFixture platform)
{
    private const string Cadre = "c-0326";

    [Fact]
    public async Task Should_show_a_report_about_the_cadre_in_his_ledger_and_print_it()
    {
        var report = Reports.Anonymous(division: "370881");
        report.Subjects.Clear();
        report.Subjects.Add(new Supervision.Intake.V1.Subject { CadreId = Cadre });
        var submitted = await platform.Public.SubmitReportAsync(report, PlatformFixture.StaffHeaders("370881", Roles.IntakeClerk));
        var auditor = Chinese(PlatformFixture.StaffHeaders("370881", Roles.Auditor));
        var request = new ListLedgerEntriesRequest { Filter = new LedgerFilter { CadreId = Cadre, Sources = { LedgerSource.Report } } };

        var ledger = await Eventually.ReachedAsync(() => platform.Ledger.ListLedgerEntriesAsync(request, auditor).ResponseAsync,
            l => l.Entries.Any(e => e.Text.Contains(submitted.TrackingNumber, StringComparison.Ordinal)), "the report in the ledger");
        Assert.Equal("廖勇斌（市长，曲阜市人民政府）", ledger.Subject);
        var entry = ledger.Entries.First(e => e.Text.Contains(submitted.TrackingNumber, StringComparison.Ordinal));
        Assert.Equal((LedgerSource.Report, "report-received"), (entry.Source, entry.Kind));
        Assert.StartsWith("收到信访举报 " + submitted.TrackingNumber, entry.Text);
        Assert.All(ledger.Entries, e => Assert.Equal(LedgerSource.Report, e.Source));

        var document = await platform.Ledger.RenderLedgerAsync(new RenderLedgerRequest
        {
            Filter = new LedgerFilter { CadreId = Cadre }, Format = DocumentFormat.Pdf,
        }, auditor);
        Assert.Equal(("application/pdf", "ledger-cadre-c-0326.pdf"), (document.ContentType, document.FileName));
        var pdf = document.Content.ToByteArray();
        Assert.StartsWith("594.96 x 841.92 pts (A4)", await PdfText.PageSizeAsync(pdf));
        var text = PdfText.Squeeze(await PdfText.ExtractAsync(pdf));
        Assert.Contains("干部监督信息台帐：廖勇斌（市长，曲阜市人民政府）", text);
        Assert.Contains("收到信访举报" + submitted.TrackingNumber, text);
        Assert.Contains("信访举报", text);

        var english = await platform.Ledger.ListLedgerEntriesAsync(request, PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer));
        Assert.Contains(english.Entries, e => e.Text.StartsWith($"Report {submitted.TrackingNumber} received", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_let_only_oversight_officers_and_auditors_of_the_jurisdiction_read_a_ledger()
    {
        var request = new ListLedgerEntriesRequest { Filter = new LedgerFilter { UnitId = "u-370881-gov" } };
        var render = new RenderLedgerRequest { Filter = request.Filter, Format = DocumentFormat.Html };

        await RefusedAsync(StatusCode.Unauthenticated, platform.Ledger.ListLedgerEntriesAsync(request).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, platform.Ledger.RenderLedgerAsync(render).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied,
            platform.Ledger.ListLedgerEntriesAsync(request, PlatformFixture.StaffHeaders("370881", Roles.Handler)).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied,
            platform.Ledger.RenderLedgerAsync(render, PlatformFixture.StaffHeaders("370881", Roles.Dispatcher)).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied,
            platform.Ledger.ListLedgerEntriesAsync(request, PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer)).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied,
            platform.Ledger.RenderLedgerAsync(render, PlatformFixture.StaffHeaders("370883", Roles.Auditor)).ResponseAsync);

        var own = await platform.Ledger.ListLedgerEntriesAsync(request, PlatformFixture.StaffHeaders("370881", Roles.OversightOfficer));
        Assert.Equal("Qufu City People's Government (Qufu)", own.Subject);
        var page = await platform.Ledger.RenderLedgerAsync(render, PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
    }

    [Fact]
    public async Task Should_name_each_bad_filter_field()
    {
        var caller = PlatformFixture.StaffHeaders("370800", Roles.Auditor);
        async Task<IReadOnlyDictionary<string, string>> ViolationsAsync(LedgerFilter filter) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(() =>
                platform.Ledger.ListLedgerEntriesAsync(new ListLedgerEntriesRequest { Filter = filter }, caller).ResponseAsync));

        Assert.Equal(["filter.cadre_id", "filter.unit_id"], (await ViolationsAsync(new LedgerFilter())).Keys.Order());
        Assert.Equal(["filter.cadre_id", "filter.unit_id"], (await ViolationsAsync(new LedgerFilter { CadreId = Cadre, UnitId = "u-370881-gov" })).Keys.Order());
        Assert.Equal("unknown cadre 'c-9999'", (await ViolationsAsync(new LedgerFilter { CadreId = "c-9999" }))["filter.cadre_id"]);
        Assert.Contains("LEDGER_SOURCE_REPORT", (await ViolationsAsync(new LedgerFilter { CadreId = Cadre, Sources = { LedgerSource.Unspecified } }))["filter.sources"]);
        Assert.Contains("filter.sources", (await ViolationsAsync(new LedgerFilter { CadreId = Cadre, Sources = { (LedgerSource)42 } })).Keys);
        Assert.Contains("filter.from_date", (await ViolationsAsync(new LedgerFilter { CadreId = Cadre, FromDate = "2026-13-01" })).Keys);
        Assert.Equal("must not be before from_date",
            (await ViolationsAsync(new LedgerFilter { CadreId = Cadre, FromDate = "2026-11-02", ToDate = "2026-11-01" }))["filter.to_date"]);
        var format = await Assert.ThrowsAsync<RpcException>(() => platform.Ledger.RenderLedgerAsync(new RenderLedgerRequest
        {
            Filter = new LedgerFilter { CadreId = Cadre }, Format = (DocumentFormat)9,
        }, caller).ResponseAsync);
        Assert.Contains("format", Reports.Violations(format).Keys);
    }
}
