namespace Supervision.Reporting.Documents;

/// <summary>The page every document shares on screen and printed: A4, a CJK font named first, smaller type on paper.</summary>
public static class DocumentStyle
{
    /// <summary>The style sheet; wide tables (a bulletin's twelve columns) print across a landscape page.</summary>
    public static string Page(bool landscape) =>
        "@page{size:A4" + (landscape ? " landscape" : "") + ";margin:12mm}"
        + "body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC','Noto Sans SC',sans-serif;margin:2em;color:#222}"
        + "td:first-child{white-space:nowrap}"
        + "@media print{body{margin:0;font-size:8pt}table{font-size:1em}tr{page-break-inside:avoid}"
        + "h1{font-size:1.6em}figure{margin:0.5em 0;page-break-inside:avoid}}";
}
