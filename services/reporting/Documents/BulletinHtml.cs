using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Supervision.Reporting.Grpc;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;

namespace Supervision.Reporting.Documents;

/// <summary>
/// A bulletin as one self-contained HTML page (no script, no outside resource): the summary, the tables and a bar
/// chart, drawn as SVG, of each county's closing on time in this period beside the previous one. The same page prints
/// to an A4 PDF (<see cref="PdfPrinter"/>).
/// </summary>
public static class BulletinHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Render(Bulletin bulletin)
    {
        var html = new StringBuilder();
        var words = ReportingTexts.Words;
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh-Hans")
            .Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(bulletin.Title)).Append("</title>\n<style>")
            .Append(DocumentStyle.Page(landscape: true))
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #bbb;padding:0.3em 0.6em;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}caption{font-weight:bold;text-align:left;margin-bottom:0.3em}")
            .Append(".edition{color:#666}.late{color:#a00}</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(bulletin.Title)).Append("</h1>\n<p class=\"edition\">")
            .Append(E(words[bulletin.Edition == Edition.Public ? "html.edition.public" : "html.edition.staff"])).Append(" · ")
            .Append(E(words["html.generated", bulletin.GeneratedAt.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]))
            .Append("</p>\n<ul>\n");
        foreach (var line in bulletin.Summary)
        {
            html.Append("<li>").Append(E(line)).Append("</li>\n");
        }
        html.Append("</ul>\n");
        Table(html, words["html.total"], [bulletin.Total]);
        Table(html, words["html.counties"], bulletin.Counties);
        html.Append(Chart(bulletin.Counties));
        if (bulletin.CountyPanelScores.Count > 0)
        {
            CountyPanelTable(html, bulletin.CountyPanelScores);
        }
        if (bulletin.Units.Count > 0)
        {
            Table(html, words["html.units"], bulletin.Units);
        }
        if (bulletin.PanelScores.Count > 0)
        {
            UnitPanelTable(html, bulletin.PanelScores);
        }
        if (bulletin.NamedForLateness.Count > 0)
        {
            html.Append("<h2 class=\"late\">").Append(E(words["html.lateness"])).Append("</h2>\n<ol>\n");
            foreach (var notice in bulletin.NamedForLateness)
            {
                html.Append("<li>").Append(E(notice.Text)).Append("</li>\n");
            }
            html.Append("</ol>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Table(StringBuilder html, string caption, IEnumerable<RankedRow> rows)
    {
        var words = ReportingTexts.Words;
        Header(html, caption, ["name", "received", "opened", "acknowledged", "closed", "feedback", "substantiated", "disputed", "rectified", "missed", "score", "rank"]);
        foreach (var row in rows)
        {
            var c = row.Current;
            html.Append("<tr><td>").Append(E(c.Name)).Append("</td>")
                .Append(Cell(Change(c.ReportsReceived, row.Previous.ReportsReceived))).Append(Cell(c.CasesOpened.ToString(CultureInfo.InvariantCulture)))
                .Append(Cell(BulletinReading.RateText(c.AcknowledgedOnTime))).Append(Cell(BulletinReading.RateText(c.ClosedOnTime)))
                .Append(Cell(BulletinReading.RateText(c.FeedbackOnTime))).Append(Cell(BulletinReading.RateText(c.Substantiated)))
                .Append(Cell(BulletinReading.RateText(c.Disputed))).Append(Cell(BulletinReading.RateText(c.RectifiedOnTime)))
                .Append(Cell(c.DeadlinesMissed.ToString(CultureInfo.InvariantCulture)))
                .Append(Cell(BulletinReading.ScoreText(row.HasScore ? row.Score : null)))
                .Append(Cell(row.Rank == 0 ? words["rate.none"] : words["html.rank", row.Rank, row.PreviousRank == 0 ? words["rate.none"] : row.PreviousRank]))
                .Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    /// <summary>Each county's mean panel score beside the previous period's.</summary>
    private static void CountyPanelTable(StringBuilder html, IEnumerable<CountyPanelScore> counties) =>
        PanelTable(html, ReportingTexts.Words["html.panel.counties"], ["name", "panel-units", "panel-mean", "panel-previous-mean", "panel-change"],
            counties.Select(county => new[]
            {
                county.DivisionName, county.UnitsScored.ToString(CultureInfo.InvariantCulture),
                BulletinReading.PanelScoreText(county.HasMeanScore ? county.MeanScore : null),
                BulletinReading.PanelScoreText(county.HasPreviousMeanScore ? county.PreviousMeanScore : null),
                BulletinReading.PanelChangeText(county.HasChange ? county.Change : null),
            }));

    /// <summary>Each unit's latest panel score and place in its group, beside the previous period's.</summary>
    private static void UnitPanelTable(StringBuilder html, IEnumerable<PanelScoreRow> units)
    {
        var words = ReportingTexts.Words;
        PanelTable(html, words["html.panel.units"], ["name", "panel-score", "panel-place", "panel-previous", "panel-change"],
            units.Select(unit => new[]
            {
                unit.UnitName, BulletinReading.PanelScoreText(unit.HasScore ? unit.Score : null),
                unit.Place == 0 ? words["rate.none"] : words["html.panel.place", unit.Place, unit.RankedUnits],
                unit.HasPreviousScore
                    ? words["html.panel.previous", BulletinReading.PanelScoreText(unit.PreviousScore), unit.PreviousPlace, unit.PreviousRankedUnits]
                    : words["rate.none"],
                BulletinReading.PanelChangeText(unit.HasChange ? unit.Change : null),
            }));
    }

    private static void PanelTable(StringBuilder html, string caption, string[] columns, IEnumerable<string[]> rows)
    {
        Header(html, caption, columns);
        foreach (var cells in rows)
        {
            html.Append("<tr>").AppendJoin("", cells.Select(Cell)).Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    /// <summary>A table's caption and its column headings, from the resx (<c>html.column.*</c>).</summary>
    private static void Header(StringBuilder html, string caption, IEnumerable<string> columns)
    {
        html.Append("<table>\n<caption>").Append(E(caption)).Append("</caption>\n<tr>");
        foreach (var column in columns)
        {
            html.Append("<th>").Append(E(ReportingTexts.Words["html.column." + column])).Append("</th>");
        }
        html.Append("</tr>\n");
    }

    /// <summary>Horizontal bars: closing on time per county, this period (dark) over the previous one (light).</summary>
    private static string Chart(IReadOnlyList<RankedRow> counties)
    {
        const int barHeight = 12, rowHeight = 34, labelWidth = 220, scale = 3;
        var svg = new StringBuilder();
        var height = counties.Count * rowHeight + 30;
        svg.Append("<figure>\n<figcaption>").Append(E(ReportingTexts.Words["html.chart"])).Append("</figcaption>\n")
            .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + 100 * scale + 130}\" height=\"{height}\" role=\"img\">\n");
        for (var i = 0; i < counties.Count; i++)
        {
            var (current, previous) = (counties[i].Current.ClosedOnTime, counties[i].Previous.ClosedOnTime);
            var y = i * rowHeight + 10;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + barHeight}\" font-size=\"12\">{E(counties[i].Current.Name)}</text>\n")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{current.Percent * scale:0.#}\" height=\"{barHeight}\" fill=\"#1f5fa8\"/>\n")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + barHeight}\" width=\"{previous.Percent * scale:0.#}\" height=\"{barHeight / 2}\" fill=\"#9bbce3\"/>\n")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + 100 * scale + 5}\" y=\"{y + barHeight}\" font-size=\"12\">{E(BulletinReading.RateText(current))}</text>\n");
        }
        return svg.Append("</svg>\n</figure>\n").ToString();
    }

    private static string Change(int current, int previous) =>
        ReportingTexts.Words["html.change", current, current - previous >= 0 ? "+" + (current - previous) : (current - previous).ToString(CultureInfo.InvariantCulture)];

    private static string Cell(string text) => "<td>" + E(text) + "</td>";

    private static string E(string text) => Encoder.Encode(text);
}
