using System.Globalization;
using System.Text;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using Supervision.Testing;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>The bulletins as PDF through the real API: printed by the service's headless Chromium, read back with pdftotext.</summary>
public sealed class BulletinPdfTests(PlatformFixture platform)
{
    private static GetBulletinRequest LastMonth(string division = "")
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var start = new DateOnly(now.Year, now.Month, 1).AddMonths(-1);
        return new GetBulletinRequest
        {
            Kind = BulletinKind.Monthly, PeriodStart = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DivisionCode = division,
            Format = DocumentFormat.Pdf,
        };
    }

    [Fact]
    public async Task Should_give_anyone_the_public_edition_as_a_PDF_with_its_Chinese_text()
    {
        var document = await platform.PublicBulletins.RenderPublicBulletinAsync(LastMonth(), Chinese(new Metadata()));

        Assert.Equal("application/pdf", document.ContentType);
        Assert.EndsWith("-public.pdf", document.FileName);
        var pdf = document.Content.ToByteArray();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.StartsWith("841.92 x 594.96 pts (A4)", await PdfText.PageSizeAsync(pdf));
        var text = PdfText.Squeeze(await PdfText.ExtractAsync(pdf));
        Assert.Contains("济宁市信访举报工作月通报", text);
        Assert.Contains("公开版", text);
        Assert.Contains("曲阜市", text);
        Assert.Contains("按时办结率", text);
        Assert.DoesNotContain("逾期通报", text);
    }

    [Fact]
    public async Task Should_print_the_staff_edition_for_staff_of_its_jurisdiction_only()
    {
        var request = LastMonth("370881");
        await RefusedAsync(StatusCode.Unauthenticated, platform.Figures.RenderBulletinAsync(request).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied,
            platform.Figures.RenderBulletinAsync(request, PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer)).ResponseAsync);

        var document = await platform.Figures.RenderBulletinAsync(request, Chinese(PlatformFixture.StaffHeaders("370881", Roles.Auditor)));
        Assert.Equal(("application/pdf", true), (document.ContentType, document.FileName.EndsWith("-staff.pdf", StringComparison.Ordinal)));
        var text = PdfText.Squeeze(await PdfText.ExtractAsync(document.Content.ToByteArray()));
        Assert.Contains("曲阜市信访举报工作月通报", text);
        Assert.Contains("工作人员版", text);

        var html = await platform.Figures.RenderBulletinAsync(new GetBulletinRequest(request) { Format = DocumentFormat.Html },
            PlatformFixture.StaffHeaders("370881", Roles.Auditor));
        Assert.Equal("text/html; charset=utf-8", html.ContentType);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => platform.PublicBulletins.RenderPublicBulletinAsync(
            new GetBulletinRequest(request) { Format = (DocumentFormat)7 }).ResponseAsync);
        Assert.Contains("format", Reports.Violations(unknown).Keys);
    }
}
