using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;

namespace Supervision.Reporting.Documents;

/// <summary>A ledger as it is read before an appointment: whose, which sources and period, then every entry, newest first.</summary>
public sealed record LedgerDocument(
    string Subject,
    string FromDate,
    string ToDate,
    IReadOnlyList<string> Sources,
    IReadOnlyList<(LedgerEntry Entry, string Source, string Text)> Entries,
    bool MoreThanShown,
    DateTimeOffset GeneratedAt,
    TimeSpan TimeZoneOffset);

/// <summary>The ledger as one self-contained HTML page that prints to a portrait A4 PDF.</summary>
public static class LedgerHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Render(LedgerDocument ledger)
    {
        var words = ReportingTexts.Words;
        var title = words["ledger.title", ledger.Subject];
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh-Hans")
            .Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>").Append(DocumentStyle.Page(landscape: false))
            .Append("table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #bbb;padding:0.3em 0.6em;text-align:left;vertical-align:top}")
            .Append(".meta{color:#666}</style>\n</head>\n<body>\n<h1>").Append(E(title)).Append("</h1>\n<p class=\"meta\">")
            .Append(E(words["html.generated", ledger.GeneratedAt.ToOffset(ledger.TimeZoneOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]))
            .Append("<br>").Append(E(words["ledger.scope",
                ledger.FromDate.Length > 0 ? ledger.FromDate : words["ledger.scope.open"], ledger.ToDate.Length > 0 ? ledger.ToDate : words["ledger.scope.open"],
                ledger.Sources.Count > 0 ? string.Join(words["ledger.separator"], ledger.Sources) : words["ledger.scope.every-source"]]))
            .Append("</p>\n");
        if (ledger.Entries.Count == 0)
        {
            return html.Append("<p>").Append(E(words["ledger.empty"])).Append("</p>\n</body>\n</html>\n").ToString();
        }
        if (ledger.MoreThanShown)
        {
            html.Append("<p class=\"meta\">").Append(E(words["ledger.more", ledger.Entries.Count])).Append("</p>\n");
        }
        html.Append("<table>\n<tr><th>").Append(E(words["ledger.column.date"])).Append("</th><th>").Append(E(words["ledger.column.source"]))
            .Append("</th><th>").Append(E(words["ledger.column.entry"])).Append("</th></tr>\n");
        foreach (var (entry, source, text) in ledger.Entries)
        {
            html.Append("<tr><td>").Append(E(entry.OccurredAt.ToOffset(ledger.TimeZoneOffset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(E(source)).Append("</td><td>").Append(E(text)).Append("</td></tr>\n");
        }
        return html.Append("</table>\n</body>\n</html>\n").ToString();
    }

    private static string E(string text) => Encoder.Encode(text);
}
