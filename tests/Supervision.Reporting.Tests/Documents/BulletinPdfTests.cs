using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Supervision.Reporting.Documents;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.Reporting.Tests.Database;
using Supervision.Reporting.V1;
using Supervision.Testing;
using static Supervision.Testing.PdfText;

namespace Supervision.Reporting.Tests.Documents;

/// <summary>The bulletins of <see cref="HandCountedWeek"/> printed to PDF by the real headless Chromium, read back with pdftotext.</summary>
public sealed class BulletinPdfTests(TestServers servers) : HandCountedWeekTest(servers)
{
    private readonly FakeTimeProvider _clock = new(CaseEvents.At(11, 26, 9));

    [Fact]
    public async Task Should_print_the_staff_edition_on_landscape_A4_with_its_Chinese_unit_and_indicator_names()
    {
        var html = await RenderAsync(Edition.Staff, "zh-Hans");
        Assert.Contains("size:A4 landscape", html);
        Assert.Contains("'Noto Sans CJK SC'", html);

        var pdf = await new PdfPrinter(new PdfOptions()).PrintAsync(html, CancellationToken.None);
        // Kept beside the test binaries for a look (docs/ holds a picture of its first page).
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "weekly-staff.pdf"), pdf);

        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.StartsWith("841.92 x 594.96 pts (A4)", await PdfText.PageSizeAsync(pdf));
        var text = Squeeze(await PdfText.ExtractAsync(pdf));
        Assert.Contains("济宁市信访举报工作周报告（2026-11-16至2026-11-22）", text);
        Assert.Contains("钢山街道党工委、办事处", text);
        Assert.Contains("邹城市纪委监委", text);
        foreach (var indicator in new[] { "按时签收", "按时办结", "按时反馈", "查实率", "异议率", "整改按期完成", "得分", "排名" })
        {
            Assert.Contains(indicator, text);
        }
        // Panel scores, with the column headings in Chinese: A's 86.25, 2nd of 8 in its group, 82.40 the week before.
        Assert.Contains("各单位评议得分", text);
        Assert.Contains("组内名次", text);
        Assert.Contains("86.25第2名（共8个）82.40（第3名，共8个）+3.85", text);
        Assert.Contains("邹城市纪委监委：本期逾期1项（签收0项、办结1项、反馈0项、其他0项），予以通报。", text);
        Assert.Contains("按时办结率：本期（深色）与上期（浅色）", text);
    }

    [Fact]
    public async Task Should_print_the_public_edition_without_units_and_in_English_when_asked()
    {
        var printer = new PdfPrinter(new PdfOptions());

        var text = Squeeze(await PdfText.ExtractAsync(await printer.PrintAsync(await RenderAsync(Edition.Public, "zh-Hans"), CancellationToken.None)));
        Assert.Contains("公开版", text);
        Assert.Contains("邹城市", text);
        Assert.DoesNotContain("钢山街道", text);
        Assert.DoesNotContain("纪委监委", text);
        Assert.Contains("各县（市、区）评议得分", text);
        Assert.Contains("85.1386.25-1.12", text);

        var english = Squeeze(await PdfText.ExtractAsync(await printer.PrintAsync(await RenderAsync(Edition.Public, "en"), CancellationToken.None)));
        Assert.Contains("Jiningweeklyreportonreportsandcases", english);
        Assert.Contains("Publicedition", english);
    }

    [Fact]
    public async Task Should_say_clearly_when_Chromium_is_missing_or_too_slow()
    {
        var missing = await Assert.ThrowsAsync<PdfUnavailableException>(() =>
            new PdfPrinter(new PdfOptions { Chromium = "/nonexistent/chromium" }).PrintAsync("<p>x</p>", CancellationToken.None));
        Assert.Equal("missing", missing.Reason);
        Assert.Contains("/nonexistent/chromium", missing.Message);
        Assert.Contains("install Debian's chromium", missing.Message);

        var slow = await Assert.ThrowsAsync<PdfUnavailableException>(() =>
            new PdfPrinter(new PdfOptions { Timeout = TimeSpan.FromMilliseconds(1) }).PrintAsync("<p>x</p>", CancellationToken.None));
        Assert.Equal("timeout", slow.Reason);
    }

    private async Task<string> RenderAsync(Edition edition, string language)
    {
        var week = await Db.InTransactionAsync(t => new Bulletins(new IndicatorCalculator(TestData.Directory), TestData.Dispatch, _clock)
            .MakeAsync(t, BulletinPeriod.Starting(BulletinPeriodKind.Weekly, new DateOnly(2026, 11, 16))!, "370800", CancellationToken.None));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return BulletinHtml.Render(new BulletinReading(new Figures(TestData.Directory)).Read(week, edition, _clock.GetUtcNow()));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
